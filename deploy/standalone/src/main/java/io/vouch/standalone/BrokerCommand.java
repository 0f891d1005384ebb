package io.vouch.standalone;

import static io.vouch.standalone.LaunchOptions.integer;
import static io.vouch.standalone.LaunchOptions.value;

import io.vouch.broker.EmbeddedKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vouch broker}: one node of a KRaft Kafka cluster (combined broker and controller, static quorum) on
 * 127.0.0.1, from the same broker artifacts the embedded mode runs, so a test cluster needs no Kafka distribution.
 */
final class BrokerCommand {
    static final String USAGE = """
            Usage: vouch broker --node-id N --port P --controller-port C --voters ID@HOST:PORT,... [options]

            Runs one node (broker and controller) of a KRaft cluster on 127.0.0.1 until stopped (SIGTERM/Ctrl-C).
            Every node of the cluster gets the same --voters and --cluster-id.

              --node-id N               this node's id, one of the ids in --voters
              --port P                  client listener port
              --controller-port C       controller listener port (this node's entry in --voters)
              --voters LIST             the controller quorum, e.g. 1@127.0.0.1:19153,2@127.0.0.1:19154,3@127.0.0.1:19155
              --cluster-id ID           the cluster id (22 characters, base64url of 16 bytes); required for a new data
                                        directory, checked against an existing one
              --data-dir DIR            log and metadata directory (default .vouch/kafka-<node id>)
              --replication-factor N    of Kafka's internal topics and of topics created without one
                                        (default: the number of voters, at most 3)
              --min-insync-replicas N   of the same topics (default: replication factor - 1, at least 1)
              --config FILE             broker properties (Java properties) overriding the defaults
              --set KEY=VALUE           one broker property (repeatable; after --config)
              -h, --help                this text
            """;

    private BrokerCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        EmbeddedKafka.ClusterNode node;
        Map<String, String> overrides = new LinkedHashMap<>();
        try {
            Integer nodeId = null;
            Integer port = null;
            Integer controllerPort = null;
            Integer rf = null;
            Integer minIsr = null;
            String voters = null;
            String clusterId = null;
            Path dataDir = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--node-id" -> nodeId = integer(value(args, ++i, a), a);
                    case "--port" -> port = integer(value(args, ++i, a), a);
                    case "--controller-port" -> controllerPort = integer(value(args, ++i, a), a);
                    case "--voters" -> voters = value(args, ++i, a);
                    case "--cluster-id" -> clusterId = value(args, ++i, a);
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                    case "--replication-factor" -> rf = integer(value(args, ++i, a), a);
                    case "--min-insync-replicas" -> minIsr = integer(value(args, ++i, a), a);
                    case "--config" -> properties(Path.of(value(args, ++i, a))).forEach(overrides::put);
                    case "--set" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set needs KEY=VALUE: " + kv);
                        }
                        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + a);
                }
            }
            if (nodeId == null || port == null || controllerPort == null || voters == null) {
                throw new IllegalArgumentException("--node-id, --port, --controller-port and --voters are required");
            }
            int voterCount = voters.split(",").length;
            if (!voters.matches("(\\d+@[^,@]+:\\d+)(,\\d+@[^,@]+:\\d+)*")) {
                throw new IllegalArgumentException("--voters must be ID@HOST:PORT,...: " + voters);
            }
            if (!(("," + voters).contains("," + nodeId + "@"))) {
                throw new IllegalArgumentException("--node-id " + nodeId + " is not among --voters " + voters);
            }
            int factor = rf != null ? rf : Math.min(3, voterCount);
            int minimum = minIsr != null ? minIsr : Math.max(1, factor - 1);
            node = new EmbeddedKafka.ClusterNode(nodeId, clusterId, port, controllerPort, voters,
                    dataDir != null ? dataDir : Path.of(".vouch", "kafka-" + nodeId), factor, minimum);
        } catch (IllegalArgumentException | IOException e) {
            err.println("vouch broker: " + e.getMessage());
            return 2;
        }
        EmbeddedKafka broker = EmbeddedKafka.startNode(node, overrides);
        out.println("vouch broker: node " + node.nodeId() + " serving " + broker.bootstrapServers() + " (cluster "
                + broker.clusterId() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "vouch-broker-shutdown"));
        stopped.await();
        return 0;
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
