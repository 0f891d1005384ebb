package io.vouch.standalone;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vouch.auth.AuthConfig;
import io.vouch.auth.AuthVerticle;
import io.vouch.edge.DevCertificate;
import io.vouch.edge.EdgeConfig;
import io.vouch.edge.EdgeVerticle;
import io.vouch.identity.IdentityConfig;
import io.vouch.identity.IdentityVerticle;
import io.vouch.media.MediaKeyingConfig;
import io.vouch.media.MediaVerticle;
import io.vouch.proto.Topics;
import io.vouch.registrar.DeliveryConfig;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.registrar.RegistrarVerticle;
import io.vouch.runtime.HealthChecks;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.ManagementConfig;
import io.vouch.runtime.ManagementServer;
import io.vouch.runtime.Metrics;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.config.SharedKeys;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.broker.EmbeddedKafka;
import io.vouch.runtime.kafka.KafkaHealthCheck;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicAdmin;
import io.vouch.runtime.kafka.TopicPolicy;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.seal.SealKeys;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every part of Vouch in one JVM: the embedded KRaft broker (unless an external cluster is given), the topics, the
 * services and the edge, plus {@code /metrics} and {@code /health}. {@link #close()} stops them in the reverse order:
 * the edge first (no new work), then the services (they finish and commit what is in flight), then the broker.
 */
public final class Ensemble implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ensemble.class);
    private static final long STEP_TIMEOUT_S = 60;
    static final String STATIC_MEMBER_KEY = "kafka.consumer.group.instance.id";
    static final String EMBEDDED_INSTANCE_ID = "vouch-embedded";
    /**
     * {@code topics.ensure} (default true): create the shared topics that are missing at start. Set false where a
     * topic operator owns them (Kubernetes with Strimzi), so a process needs no Create or Describe right on topics
     * it does not use.
     */
    static final String TOPICS_ENSURE_KEY = "topics.ensure";
    /**
     * The stages each stage service runs: stage name (metric tag, consumer group {@code vouch-<name>}) → its input
     * topics. The registrar's group also reads delivery (it needs the bindings it owns); cert-service also runs the
     * body-security stage.
     */
    static final Map<String, Map<String, List<String>>> SERVICE_STAGES = Map.of(
            "registrar", Map.of("registrar", RegistrarVerticle.INPUTS),
            "auth", Map.of("auth", List.of(Topics.AUTH)),
            "identity", Map.of("identity", List.of(Topics.IDENTITY)),
            "media", Map.of("media", List.of(Topics.MEDIA)),
            "cert", Map.of("cert", List.of(Topics.CERT), "body", List.of(Topics.BODY)));

    private final EmbeddedKafka broker;
    private final Vertx vertx;
    private final BusProducer producer;
    private final KafkaHealthCheck kafkaHealth;
    private final Deque<String> deployments = new ArrayDeque<>();
    private ManagementServer management;
    private io.vertx.core.http.HttpServer stirServer;
    private EdgeVerticle edge;
    private boolean closed;

    private Ensemble(EmbeddedKafka broker, Vertx vertx, BusProducer producer, KafkaHealthCheck kafkaHealth) {
        this.broker = broker;
        this.vertx = vertx;
        this.producer = producer;
        this.kafkaHealth = kafkaHealth;
    }

    /** Starts everything {@code options} asks for; on failure, stops what had started and rethrows. */
    public static Ensemble start(LaunchOptions options) throws Exception {
        EmbeddedKafka broker = null;
        if (options.embeddedKafka()) {
            broker = EmbeddedKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort());
            LOG.info("embedded Kafka broker at {} (data in {})", broker.bootstrapServers(), broker.dataDir());
            options.config().put("kafka.bootstrap.servers", broker.bootstrapServers());
            applyStaticMembership(options.config());
        }
        if (options.devSecrets()) {
            DevSecrets.applyNonceKey(options.config(), options.dataDir());
            DevSecrets.applySealKey(options.config(), options.dataDir());
        }
        JsonObject shared = options.config();
        KafkaSettings kafka = KafkaSettings.from(shared);
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(VouchConfig.VERTX.parse(shared).getInt(VouchConfig.EVENT_LOOPS)));
        // the edge publishes requests through this producer: nothing it buffers outlives the request's deadline
        KafkaSettings producerKafka = options.services().contains("edge")
                ? kafka.withProducerDeadline(EdgeConfig.from(shared).pipelineTimeoutMs()) : kafka;
        Ensemble e = new Ensemble(broker, vertx, BusProducer.create(producerKafka, registry),
                KafkaHealthCheck.create(kafka));
        try {
            e.deploy(options, kafka, registry);
            return e;
        } catch (Exception ex) {
            e.close();
            throw ex;
        }
    }

    /**
     * Embedded mode: this process is the only member of every stage group, so it joins them as a static member
     * (KIP-345) under a fixed {@code group.instance.id}; after a crash the restarted process takes its place at once
     * instead of waiting for the dead member's session to time out. Set the key empty to join dynamically.
     */
    static void applyStaticMembership(JsonObject config) {
        String value = config.getString(STATIC_MEMBER_KEY);
        if (value == null) {
            config.put(STATIC_MEMBER_KEY, EMBEDDED_INSTANCE_ID);
        } else if (value.isBlank()) {
            config.remove(STATIC_MEMBER_KEY);
        }
    }

    private void deploy(LaunchOptions options, KafkaSettings kafka, PrometheusMeterRegistry registry)
            throws Exception {
        if (Boolean.parseBoolean(String.valueOf(options.config().getValue(TOPICS_ENSURE_KEY, true)))) {
            TopicPolicy policy = TopicPolicy.from(options.config());
            List<TopicSpec> topics = new ArrayList<>(policy.apply(VouchTopics.defaults(options.partitions())));
            if (options.services().contains("edge")) {
                // created here with the policy before the edge would create it with the broker's defaults
                topics.add(policy.apply(VouchTopics.edgeReplies(EdgeConfig.from(options.config()).edgeId())));
            }
            try (TopicAdmin admin = TopicAdmin.create(kafka)) {
                await(admin.ensureTopics(topics));
            }
        }
        HealthChecks health = new HealthChecks().register("kafka", kafkaHealth);
        if (options.devSecrets() && options.services().contains("identity")) {
            startDevStir(options);
        }
        for (String service : options.services()) {
            JsonObject cfg = options.config();
            switch (service) {
                case "registrar" -> {
                    var v = new RegistrarVerticle(stageConfig("registrar", cfg),
                            RegistrarConfig.from(cfg), DeliveryConfig.from(cfg), registry, producer, Clock.systemUTC());
                    deployments.push(await(vertx.deployVerticle(v)));
                    health.register("registrar", v.healthCheck());
                }
                case "auth" -> {
                    var v = new AuthVerticle(stageConfig("auth", cfg),
                            AuthConfig.from(cfg), registry, producer, Clock.systemUTC(), sealKeys(cfg));
                    deployments.push(await(vertx.deployVerticle(v)));
                    health.register("auth", v.healthCheck());
                }
                case "identity" -> {
                    var v = new IdentityVerticle(stageConfig("identity", cfg),
                            IdentityConfig.from(cfg), registry, producer, Clock.systemUTC());
                    deployments.push(await(vertx.deployVerticle(v)));
                    health.register("identity", v.healthCheck());
                }
                case "media" -> {
                    var v = new MediaVerticle(stageConfig("media", cfg),
                            MediaKeyingConfig.from(cfg), sealKeys(cfg).orElseThrow(() ->
                                    new IllegalArgumentException(MediaKeyingConfig.SEAL_KEYS + " is required")),
                            registry, producer, Clock.systemUTC());
                    deployments.push(await(vertx.deployVerticle(v)));
                    health.register("media", v.healthCheck());
                }
                case "cert" -> {
                    CertLauncher.deploy(vertx, cfg, options.dataDir(), options.devSecrets(), kafka, registry,
                            producer, health).forEach(deployments::push);
                }
                case "edge" -> {
                    // opens its ports only once every stage started above is ready and warm
                    // stage warm-up only on the embedded broker, where every member of the stage groups is in this
                    // process: a replica elsewhere (an older version) might not recognise a warm-up record
                    StartupGate gate = new StartupGate(vertx, cfg, health, producer, registry,
                            options.embeddedKafka() ? StartupGate.inputs(stagesOf(options.services())) : List.of());
                    edge = new EdgeVerticle(EdgeConfig.from(cfg), kafka, producer, registry,
                            sealKeys(cfg)).openAfter(gate::open);
                    deployments.push(await(vertx.deployVerticle(edge)));
                    health.register("edge", () -> Future.succeededFuture(HealthStatus.up(
                            "udp " + edge.udpPort() + ", tcp " + edge.tcpPort() + ", tls " + edge.tlsPort())));
                }
                default -> LOG.warn("service {} is not available in this build", service);
            }
            LOG.info("{} started", service);
        }
        ManagementConfig managementConfig = ManagementConfig.from(options.config());
        management = await(ManagementServer.start(vertx, managementConfig, registry, health));
        LOG.info("metrics on http://{}:{}/metrics, health on /health", managementConfig.host(), management.port());
    }

    /** The stages (name → input topics) the given services run. */
    static Map<String, List<String>> stagesOf(java.util.Collection<String> services) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        services.stream().map(SERVICE_STAGES::get).filter(Objects::nonNull).forEach(out::putAll);
        return out;
    }

    /** The configuration of stage {@code stage} ({@link #SERVICE_STAGES}) from its service's configuration. */
    static StageConfig stageConfig(String stage, JsonObject cfg) {
        List<String> inputs = SERVICE_STAGES.values().stream().map(m -> m.get(stage)).filter(Objects::nonNull)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a stage: " + stage));
        return StageConfig.from(cfg, stage, inputs);
    }

    /**
     * Embedded mode only: a development STI PKI and its certificate served over HTTPS (port {@code stir.https.port},
     * default 9443), so that signing and verification work out of the box; each half is skipped when the operator
     * configured identity signing keys or trust anchors.
     */
    private void startDevStir(LaunchOptions options) throws Exception {
        JsonObject cfg = options.config();
        if (cfg.containsKey("identity.sign.keys") && cfg.containsKey("identity.verify.trust.anchors.file")) {
            return;
        }
        var tls = DevCertificate.ensure(options.dataDir().resolve("tls"), "localhost", "127.0.0.1");
        DevStir stir = DevStir.ensure(options.dataDir());
        int port = VouchConfig.LAUNCHER.parse(cfg).getInt(VouchConfig.STIR_HTTPS_PORT);
        stirServer = await(stir.serve(vertx, "127.0.0.1", port, tls.certificate(), tls.privateKey()));
        stir.applyTo(options.config(), stirServer.actualPort(), tls.certificate());
        LOG.warn("identity signs with the development STI PKI in {} (certificate at https://127.0.0.1:{}{}); "
                + "configure identity.sign.keys and identity.verify.trust.anchors.file for real use",
                stir.signingChain().getParent(), stirServer.actualPort(), DevStir.CERT_PATH);
    }

    /** The {@code media.seal.keys} of the configuration, read with their shared declaration. */
    static Optional<SealKeys> sealKeys(JsonObject cfg) {
        List<String> specs = SharedKeys.MEDIA_SEAL.parse(cfg).getList(SharedKeys.MEDIA_SEAL_KEYS);
        if (specs.isEmpty()) {
            return Optional.empty();
        }
        try {
            return SealKeys.parse(specs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MediaKeyingConfig.SEAL_KEYS + ": " + e.getMessage());
        }
    }

    /** The running edge, or null when this process runs none. */
    public EdgeVerticle edge() {
        return edge;
    }

    /** The management server's bound port. */
    public int managementPort() {
        return management.port();
    }

    /** Bootstrap servers of the embedded broker, or null when an external cluster is used. */
    public String embeddedBootstrap() {
        return broker == null ? null : broker.bootstrapServers();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping");
        if (management != null) {
            quietly(() -> await(management.close()));
        }
        if (stirServer != null) {
            quietly(() -> await(stirServer.close()));
        }
        while (!deployments.isEmpty()) {
            String id = deployments.pop(); // the edge was deployed last, so it stops first
            quietly(() -> await(vertx.undeploy(id)));
        }
        quietly(producer::close);
        quietly(kafkaHealth::close);
        quietly(() -> await(vertx.close()));
        if (broker != null) {
            quietly(broker::close);
        }
        LOG.info("stopped");
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            LOG.warn("during shutdown: {}", e.toString());
        }
    }
}
