package io.vouch.cert;

import io.vouch.cert.internal.CertificateChain;
import io.vouch.cert.internal.CertificateTopic;
import io.vouch.cert.internal.Check;
import io.vouch.cert.internal.KafkaCertificateTopic;
import io.vouch.proto.Topics;
import io.vouch.runtime.kafka.KafkaSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Operator command for the HTTPS certificate repository: {@code certs publish <chain.pem>} stores a STIR signing (or
 * RFC 4474 domain) certificate chain under the SHA-256 of its leaf, {@code certs list} shows what is served, and
 * {@code certs revoke <sha256>} stops serving one. Run {@code certs help} for the syntax.
 */
public final class CertsCommand {
    static final String USAGE = """
            usage: certs publish <chain.pem>      PEM chain, leaf first; prints the content-addressed path
                   certs list                     every served chain: sha256, leaf subject, notAfter
                   certs revoke <sha256>          stop serving a chain at once
            common options: --kafka host:port[,host:port]  (default 127.0.0.1:9092)
                            --topic <name>  (default vouch.certificates)
                            --base-url https://host:port  (printed URLs; default prints the path only)
            exit status: 0 done, 1 failed, 2 usage error""";

    private final PrintStream out;
    private final PrintStream err;
    private final Function<Map<String, String>, CertificateTopic> connect;

    CertsCommand(PrintStream out, PrintStream err, Function<Map<String, String>, CertificateTopic> connect) {
        this.out = out;
        this.err = err;
        this.connect = connect;
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new CertsCommand(out, err, flags -> new KafkaCertificateTopic(
                KafkaSettings.of(flags.getOrDefault("kafka", "127.0.0.1:9092")),
                flags.getOrDefault("topic", Topics.CERTIFICATES))).execute(args);
    }

    int execute(String[] raw) {
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < raw.length; i++) {
            String a = raw[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (name.equals("help")) {
                    positional.add(0, "help");
                    continue;
                }
                if (!List.of("kafka", "topic", "base-url").contains(name) || i + 1 >= raw.length) {
                    return usage("unknown option or missing value: " + a);
                }
                flags.put(name, raw[++i]);
            } else {
                positional.add(a);
            }
        }
        if (!positional.isEmpty() && positional.get(0).equals("certs")) {
            positional.remove(0);
        }
        if (positional.isEmpty()) {
            return usage("missing sub-command");
        }
        String sub = positional.get(0);
        try {
            return switch (sub) {
                case "publish" -> positional.size() != 2 ? usage("publish takes one file")
                        : publish(Path.of(positional.get(1)), flags);
                case "list" -> list(flags);
                case "revoke" -> positional.size() != 2 ? usage("revoke takes one sha256") : revoke(positional.get(1),
                        flags);
                case "help", "-h" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> usage("unknown sub-command " + sub);
            };
        } catch (Exception e) {
            err.println("certs " + sub + ": failed: " + e);
            return 1;
        }
    }

    private int publish(Path file, Map<String, String> flags) throws Exception {
        byte[] pem = Files.readAllBytes(file);
        CertificateChain chain;
        switch (CertificateChain.parse(pem)) {
            case Check.Ok<CertificateChain> ok -> chain = ok.value();
            case Check.Refused<CertificateChain> r -> {
                err.println("certs publish: " + file + ": " + r.rejection().reason());
                return 1;
            }
        }
        try (CertificateTopic topic = connect.apply(flags)) {
            topic.write(Topics.repositoryKey(chain.leafSha256()), chain.pem().getBytes(StandardCharsets.US_ASCII));
        }
        out.println(url(flags, chain.leafSha256()) + "  " + chain.leaf().getSubjectX500Principal().getName()
                + "  notAfter " + chain.notAfter());
        return 0;
    }

    private int list(Map<String, String> flags) throws Exception {
        Map<String, byte[]> all;
        try (CertificateTopic topic = connect.apply(flags)) {
            all = new TreeMap<>(topic.readAll());
        }
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            if (!e.getKey().startsWith("stir/")) {
                continue;
            }
            String sha = e.getKey().substring(5);
            if (CertificateChain.parse(e.getValue()) instanceof Check.Ok<CertificateChain> ok) {
                out.println(url(flags, sha) + "  " + ok.value().leaf().getSubjectX500Principal().getName()
                        + "  notAfter " + ok.value().notAfter());
            } else {
                out.println(url(flags, sha) + "  (unreadable, not served)");
            }
        }
        return 0;
    }

    private int revoke(String sha, Map<String, String> flags) throws Exception {
        if (!sha.matches("[0-9a-f]{64}")) {
            return usage("not a lower-case hex SHA-256: " + sha);
        }
        try (CertificateTopic topic = connect.apply(flags)) {
            topic.write(Topics.repositoryKey(sha), null);
        }
        out.println("revoked " + url(flags, sha));
        return 0;
    }

    private static String url(Map<String, String> flags, String sha) {
        String base = flags.getOrDefault("base-url", "");
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/certs/" + sha + ".pem";
    }

    private int usage(String problem) {
        err.println("certs: " + problem);
        err.println(USAGE);
        return 2;
    }
}
