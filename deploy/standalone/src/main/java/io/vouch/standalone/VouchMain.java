package io.vouch.standalone;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code vouch} command: {@code run} starts the ensemble, {@code users} manages digest credentials, {@code certs}
 * the certificate repository, {@code smime} signs, verifies, encrypts and decrypts S/MIME files, {@code broker}
 * runs one node of a Kafka cluster.
 */
public final class VouchMain {
    private VouchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(LaunchOptions.USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "run" -> runEnsemble(rest);
            case "users" -> io.vouch.auth.UsersCommand.run(rest, System.in, System.out, System.err);
            case "certs" -> io.vouch.cert.CertsCommand.run(rest, System.out, System.err);
            case "smime" -> io.vouch.smime.SmimeCommand.run(rest, System.out, System.err);
            case "broker" -> BrokerCommand.run(rest, System.out, System.err);
            case "config" -> config(rest);
            default -> {
                System.err.println("unknown command: " + args[0]);
                System.err.print(LaunchOptions.USAGE);
                yield 2;
            }
        };
    }

    /** {@code vouch config}: the key reference; {@code vouch config --markdown COMPONENT}: its README table. */
    static int config(String[] args) {
        if (args.length == 2 && args[0].equals("--markdown")) {
            var def = VouchConfig.component(args[1]);
            if (def.isEmpty()) {
                System.err.println("unknown component: " + args[1]);
                return 2;
            }
            System.out.print(io.vouch.runtime.config.ConfigDocs.markdown(def.get()));
            return 0;
        }
        if (args.length > 0) {
            System.err.println("usage: vouch config [--markdown COMPONENT]");
            return 2;
        }
        System.out.print(VouchConfig.help());
        return 0;
    }

    private static int runEnsemble(String[] args) throws Exception {
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            System.out.print(LaunchOptions.USAGE);
            return 0;
        }
        if (Arrays.asList(args).contains("--help-config")) {
            return config(new String[0]);
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("vouch: " + e.getMessage());
            return 2;
        }
        Ensemble ensemble;
        try {
            ensemble = Ensemble.start(options);
        } catch (IllegalArgumentException e) {
            System.err.println("vouch: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ensemble.close();
            stopped.countDown();
        }, "vouch-shutdown"));
        stopped.await();
        return 0;
    }
}
