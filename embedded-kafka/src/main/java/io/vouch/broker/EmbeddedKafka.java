package io.vouch.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * An Apache Kafka node in KRaft mode (combined broker and controller) running inside this JVM on 127.0.0.1: a
 * single-node cluster for the standalone launcher and for integration tests, or one node of a multi-node cluster
 * ({@link #startNode}, {@code vouch broker}).
 *
 * <p>The data directory is persistent: on restart the cluster id recorded in its {@code meta.properties} is reused, so
 * topics and committed offsets survive. Automatic topic creation is off; create topics with the runtime's
 * {@code TopicAdmin}. Only the standalone launcher and integration tests depend on this module.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String clusterId;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String clusterId, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker; blocks until it accepts connections.
     *
     * @param dataDir log and metadata directory, created if missing, reused (same cluster id) if already formatted
     * @param port    client listener port on 127.0.0.1; 0 picks a free port
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /** As {@link #start(Path, int)}, with extra broker properties that override the defaults. */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        try {
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            return startNode(new ClusterNode(NODE_ID, null, brokerPort, controllerPort,
                    NODE_ID + "@" + HOST + ":" + controllerPort, dataDir, 1, 1), overrides);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir, e);
        }
    }

    /**
     * One node of a KRaft cluster on 127.0.0.1 (combined broker and controller, static quorum): its id, the cluster
     * id shared by every node ({@code null}: the one in the data directory, or a new one), its client and controller
     * ports, the quorum voters ({@code id@host:port,...}), its data directory, and the replication factor and minimum
     * in-sync replicas of Kafka's internal topics and of topics created without an explicit factor.
     */
    public record ClusterNode(int nodeId, String clusterId, int port, int controllerPort, String voters,
                              Path dataDir, int replicationFactor, int minInsyncReplicas) {
        public ClusterNode {
            Objects.requireNonNull(voters, "voters");
            Objects.requireNonNull(dataDir, "dataDir");
            if (nodeId < 0) {
                throw new IllegalArgumentException("node id must be >= 0: " + nodeId);
            }
            if (port < 1 || port > 65535 || controllerPort < 1 || controllerPort > 65535 || port == controllerPort) {
                throw new IllegalArgumentException("ports must be two distinct values in 1..65535: " + port + ", "
                        + controllerPort);
            }
            if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
                throw new IllegalArgumentException("need 1 <= min.insync.replicas (" + minInsyncReplicas
                        + ") <= replication factor (" + replicationFactor + ")");
            }
        }
    }

    /**
     * Formats the node's data directory if needed and starts it; blocks until its broker accepts connections (a
     * node of a multi-node quorum waits for a quorum of voters). {@code overrides} replace the defaults.
     */
    public static EmbeddedKafka startNode(ClusterNode node, Map<String, String> overrides) {
        Path dataDir = node.dataDir();
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.toAbsolutePath();
            Optional<String> existing = existingClusterId(logDir);
            if (existing.isPresent() && node.clusterId() != null && !existing.get().equals(node.clusterId())) {
                throw new IllegalArgumentException(dataDir + " belongs to cluster " + existing.get() + ", not "
                        + node.clusterId());
            }
            String clusterId = existing.orElseGet(() -> node.clusterId() != null ? node.clusterId()
                    : Uuid.randomUuid().toString());

            Properties props = brokerProperties(node, logDir);
            overrides.forEach(props::setProperty);
            KafkaConfig config = KafkaConfig.fromProps(props);

            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node.nodeId())
                    .setClusterId(clusterId)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setIgnoreFormatted(true)
                    .run();

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            long t0 = System.nanoTime();
            server.startup();
            String bootstrap = HOST + ":" + node.port();
            LOG.info("Kafka node {} in {} started on {} (cluster {}) in {} ms", node.nodeId(), logDir, bootstrap,
                    clusterId, (System.nanoTime() - t0) / 1_000_000);
            return new EmbeddedKafka(server, bootstrap, clusterId, logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format embedded Kafka storage in " + dataDir, e);
        }
    }

    private static Properties brokerProperties(ClusterNode node, Path logDir) {
        int brokerPort = node.port();
        int controllerPort = node.controllerPort();
        String rf = Integer.toString(node.replicationFactor());
        String minIsr = Integer.toString(node.minInsyncReplicas());
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.nodeId()));
        p.setProperty("controller.quorum.voters", node.voters());
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST
                + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("metadata.log.dir", logDir.toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", rf);
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", rf);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("share.coordinator.state.topic.replication.factor", rf);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("default.replication.factor", rf);
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // the default dedupe buffer reserves 128 MiB of heap; compacted topics here are small
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.setProperty("num.partitions", "1");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        // a standalone node answers quickly when a client leaves or dies
        p.setProperty("group.consumer.session.timeout.ms", "10000");
        p.setProperty("group.consumer.min.session.timeout.ms", "1000");
        p.setProperty("group.consumer.heartbeat.interval.ms", "500");
        p.setProperty("group.consumer.min.heartbeat.interval.ms", "500");
        p.setProperty("group.min.session.timeout.ms", "1000");
        return p;
    }

    private static Optional<String> existingClusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        }
        return Optional.ofNullable(p.getProperty("cluster.id")).filter(s -> !s.isBlank());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Bootstrap servers for clients, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The KRaft cluster id, stable across restarts on the same data directory. */
    public String clusterId() {
        return clusterId;
    }

    /** The data directory this broker formats and writes. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits for it to finish; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka {} stopped in {} ms", dataDir, (System.nanoTime() - t0) / 1_000_000);
    }
}
