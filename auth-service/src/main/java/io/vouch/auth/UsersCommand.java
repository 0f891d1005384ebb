package io.vouch.auth;

import io.vouch.auth.internal.credentials.CredentialRecords;
import io.vouch.auth.internal.credentials.UserCredentials;
import io.vouch.auth.internal.digest.DigestAlgorithm;
import io.vouch.auth.internal.credentials.CredentialTopic;
import io.vouch.auth.internal.digest.DigestMath;
import io.vouch.auth.internal.credentials.KafkaCredentialTopic;
import io.vouch.proto.Topics;
import io.vouch.runtime.kafka.KafkaSettings;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Provisions digest users into {@code vouch.credentials} (RFC 7616 §3.4.2: only HA1 per algorithm is stored, never
 * the password): {@code users add|import|delete|list}. Run {@code users help} for the syntax.
 */
public final class UsersCommand {
    static final String USAGE = """
            usage: users add <user> --realm <realm> [--algorithms SHA-512-256,SHA-256,MD5]
                   users import <file.csv | -> [--algorithms ...]    lines: user,realm,password
                   users delete <user> --realm <realm>
                   users list [--realm <realm>]
            common options: --kafka host:port[,host:port]  (default 127.0.0.1:9092)
                            --topic <name>  (default vouch.credentials)   --partitions <n>  (if created; default 1)
            add reads the password from the terminal without echo, or the first line of stdin when not a terminal.
            exit status: 0 done, 1 failed, 2 usage error""";
    public static final List<DigestAlgorithm> DEFAULT_ALGORITHMS =
            List.of(DigestAlgorithm.SHA_512_256, DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Function<Options, CredentialTopic> connect;

    /** Parsed options: the positional arguments and the {@code --name value} pairs. */
    record Options(List<String> positional, Map<String, String> flags) {
        String flag(String name, String def) {
            return flags.getOrDefault(name, def);
        }
    }

    UsersCommand(InputStream in, PrintStream out, PrintStream err, Clock clock,
                 Function<Options, CredentialTopic> connect) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.connect = connect;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the command; returns the exit status. Callable from another launcher's main. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return new UsersCommand(in, out, err, Clock.systemUTC(), o -> new KafkaCredentialTopic(
                KafkaSettings.of(o.flag("kafka", "127.0.0.1:9092")), o.flag("topic", Topics.CREDENTIALS),
                Integer.parseInt(o.flag("partitions", "1")))).execute(args);
    }

    int execute(String[] rawArgs) {
        List<String> args = new ArrayList<>(Arrays.asList(rawArgs));
        if (!args.isEmpty() && args.get(0).equals("users")) {
            args.remove(0);
        }
        Options o;
        try {
            o = parse(args);
            if (o.flags().containsKey("partitions")) {
                int p = Integer.parseInt(o.flag("partitions", "1"));
                if (p < 1) {
                    throw new IllegalArgumentException("--partitions must be >= 1");
                }
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (o.positional().isEmpty()) {
            return usage("missing sub-command");
        }
        String sub = o.positional().get(0);
        try {
            return switch (sub) {
                case "add" -> add(o);
                case "import" -> importCsv(o);
                case "delete" -> delete(o);
                case "list" -> list(o);
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> usage("unknown sub-command " + sub);
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("users " + sub + ": failed: " + e + (root == e ? "" : " (" + root + ")"));
            return 1;
        }
    }

    private int add(Options o) throws Exception {
        String user = user(o);
        String realm = realm(o, true);
        List<DigestAlgorithm> algorithms = algorithms(o);
        char[] password = readPassword(user + "@" + realm);
        if (password == null) {
            return 1;
        }
        UserCredentials c = credentials(user, realm, new String(password), algorithms);
        Arrays.fill(password, '\0');
        try (CredentialTopic topic = connect.apply(o)) {
            topic.write(List.of(entry(CredentialRecords.key(c), CredentialRecords.encode(c))));
        }
        out.println("stored " + user + "@" + realm + " (" + names(algorithms) + ")");
        return 0;
    }

    private int importCsv(Options o) throws Exception {
        if (o.positional().size() != 2) {
            throw new UsageException("import needs exactly one file (or - for stdin)");
        }
        String file = o.positional().get(1);
        List<DigestAlgorithm> algorithms = algorithms(o);
        List<String> lines;
        if (file.equals("-")) {
            lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } else {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        }
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.equalsIgnoreCase("user,realm,password"))) {
                continue;
            }
            // the password is everything after the second comma, so it may itself contain commas
            int a = raw.indexOf(',');
            int b = a < 0 ? -1 : raw.indexOf(',', a + 1);
            if (b < 0) {
                err.println("line " + (i + 1) + ": expected user,realm,password");
                return 1;
            }
            String user = raw.substring(0, a).strip();
            String realm = raw.substring(a + 1, b).strip().toLowerCase(Locale.ROOT);
            String password = raw.substring(b + 1);
            String problem = validate(user, realm);
            if (problem != null || password.isEmpty()) {
                err.println("line " + (i + 1) + ": " + (problem != null ? problem : "empty password"));
                return 1;
            }
            UserCredentials c = credentials(user, realm, password, algorithms);
            records.add(entry(CredentialRecords.key(c), CredentialRecords.encode(c)));
        }
        try (CredentialTopic topic = connect.apply(o)) {
            topic.write(records);
        }
        out.println("imported " + records.size() + " users (" + names(algorithms) + ")");
        return 0;
    }

    private int delete(Options o) throws Exception {
        String user = user(o);
        String realm = realm(o, true);
        try (CredentialTopic topic = connect.apply(o)) {
            topic.write(List.of(entry(Topics.userKey(realm, user), null)));
        }
        out.println("deleted " + user + "@" + realm);
        return 0;
    }

    private int list(Options o) throws Exception {
        if (o.positional().size() != 1) {
            throw new UsageException("list takes no positional arguments");
        }
        String realm = realm(o, false);
        Map<String, byte[]> all;
        try (CredentialTopic topic = connect.apply(o)) {
            all = topic.readAll();
        }
        List<String> rows = new ArrayList<>();
        int rejected = 0;
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            switch (CredentialRecords.decode(e.getKey(), e.getValue())) {
                case CredentialRecords.Upsert u -> {
                    UserCredentials c = u.credentials();
                    if (realm == null || realm.equals(c.realm())) {
                        rows.add(c.user() + "@" + c.realm() + "\t" + names(List.copyOf(c.ha1().keySet())) + "\t"
                                + c.updated());
                    }
                }
                case CredentialRecords.Delete d -> { }
                case CredentialRecords.Rejected r -> rejected++;
            }
        }
        rows.sort(null);
        rows.forEach(out::println);
        if (rejected > 0) {
            err.println(rejected + " unreadable records skipped");
        }
        return 0;
    }

    private UserCredentials credentials(String user, String realm, String password, List<DigestAlgorithm> algs) {
        Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
        for (DigestAlgorithm a : algs) {
            ha1.put(a, DigestMath.ha1(a, user, realm, password));
        }
        return new UserCredentials(realm, user, ha1, clock.instant());
    }

    private char[] readPassword(String who) throws IOException {
        Console console = System.console();
        if (in == System.in && console != null && isTerminal(console)) {
            char[] first = console.readPassword("Password for %s: ", who);
            char[] second = console.readPassword("Repeat password: ");
            if (first == null || second == null || first.length == 0 || !Arrays.equals(first, second)) {
                err.println("passwords empty or not the same");
                return null;
            }
            Arrays.fill(second, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            err.println("no password on stdin");
            return null;
        }
        return line.toCharArray();
    }

    /** {@code Console.isTerminal()} exists from JDK 22; before that a console is only returned for a terminal. */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static String user(Options o) {
        if (o.positional().size() != 2) {
            throw new UsageException(o.positional().get(0) + " needs exactly one user name");
        }
        String user = o.positional().get(1);
        String realm = o.flags().getOrDefault("realm", "x");
        String problem = validate(user, realm);
        if (problem != null) {
            throw new UsageException(problem);
        }
        return user;
    }

    private static String realm(Options o, boolean required) {
        String realm = o.flags().get("realm");
        if (realm == null) {
            if (required) {
                throw new UsageException("--realm is required");
            }
            return null;
        }
        return realm.toLowerCase(Locale.ROOT);
    }

    static String validate(String user, String realm) {
        if (user.isEmpty() || !user.chars().allMatch(ch -> ch > 0x20 && ch != 0x7f && ch != '"' && ch != ',')) {
            return "invalid user name";
        }
        if (realm.isEmpty() || !realm.chars().allMatch(ch -> ch > 0x20 && ch != 0x7f && ch != '"' && ch != '/')) {
            return "invalid realm";
        }
        return null;
    }

    private static List<DigestAlgorithm> algorithms(Options o) {
        String spec = o.flags().get("algorithms");
        if (spec == null) {
            return DEFAULT_ALGORITHMS;
        }
        List<DigestAlgorithm> out = new ArrayList<>();
        for (String t : spec.split(",")) {
            DigestAlgorithm a = DigestAlgorithm.fromToken(t.strip())
                    .orElseThrow(() -> new UsageException("unknown algorithm " + t.strip()));
            if (!out.contains(a.base())) {
                out.add(a.base());
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("--algorithms is empty");
        }
        return out;
    }

    private static String names(List<DigestAlgorithm> algs) {
        return String.join(",", algs.stream().sorted().map(DigestAlgorithm::token).toList());
    }

    private static Options parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (name.equals("help")) {
                    value = "";
                    positional.add(0, "help");
                } else {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (!List.of("kafka", "realm", "algorithms", "topic", "partitions", "help").contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
                flags.put(name, value);
            } else {
                positional.add(a);
            }
        }
        return new Options(List.copyOf(positional), Map.copyOf(flags));
    }

    private int usage(String problem) {
        err.println("users: " + problem);
        err.println(USAGE);
        return 2;
    }

    private static Map.Entry<String, byte[]> entry(String key, byte[] value) {
        return new AbstractMap.SimpleEntry<>(key, value);
    }

    /** A command-line mistake, reported with the usage text and status 2. */
    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
