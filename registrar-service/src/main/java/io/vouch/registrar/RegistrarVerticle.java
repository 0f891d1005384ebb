package io.vouch.registrar;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
import io.vouch.registrar.internal.BindingStore;
import io.vouch.registrar.internal.BindingsLoader;
import io.vouch.registrar.internal.RegistrarMetrics;
import io.vouch.registrar.internal.RegistrarStage;
import io.vouch.registrar.internal.deliver.DeliveryMetrics;
import io.vouch.registrar.internal.deliver.DeliveryStage;
import io.vouch.runtime.StageHandler;
import io.vouch.runtime.kafka.CompactedTable;
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The registrar service (RFC 3261 §10.3 registrar and location service, RFC 5626 §6 flows, RFC 3327 Path, §11.2
 * OPTIONS) and the delivery stage that uses its bindings (RFC 3261 §16, RFC 3428): deploys a {@link StageVerticle}
 * on {@link Topics#REGISTRAR} and {@link Topics#DELIVER} whose partition state is the co-partitioned compacted
 * {@link Topics#BINDINGS}, and sweeps expired bindings periodically. One consumer group reads both inputs, and its
 * range assignment gives a replica the same partition numbers of both, so a target's bindings are where its
 * deliveries are handled (a record whose bindings are not loaded here is retried, never answered from no state).
 *
 * <p>Configuration: the {@code stage.*} and {@code kafka.*} keys of {@link StageConfig} (stage name
 * {@code registrar}, inputs {@link Topics#REGISTRAR} and {@link Topics#DELIVER} by default), the
 * {@code registrar.*} keys of {@link RegistrarConfig} and the {@code deliver.*} keys of {@link DeliveryConfig}.
 */
public final class RegistrarVerticle extends VerticleBase {
    /** The stage's default input topics. */
    public static final List<String> INPUTS = List.of(Topics.REGISTRAR, Topics.DELIVER);

    private final StageConfig stageConfig;
    private final RegistrarConfig config;
    private final DeliveryConfig deliveryConfig;
    private final MeterRegistry registry;
    private final BusProducer sharedProducer;
    private final Clock clock;
    private final BindingStore store;

    private BusProducer producer;
    private RegistrarMetrics metrics;
    private DeliveryMetrics deliveryMetrics;
    private CompactedTable credentials;
    private StageVerticle stage;
    private long sweepTimer = -1;

    /** A registrar configured from {@code json}, with its own producer and the system clock. */
    public RegistrarVerticle(JsonObject json, MeterRegistry registry) {
        this(StageConfig.from(json, RegistrarStage.STAGE, INPUTS), RegistrarConfig.from(json),
                DeliveryConfig.from(json), registry, null, Clock.systemUTC());
    }

    /**
     * A registrar with explicit parts; {@code sharedProducer} (may be null: the verticle creates and closes its own)
     * serves both the stage's outcomes and the sweep's writes.
     */
    public RegistrarVerticle(StageConfig stageConfig, RegistrarConfig config, DeliveryConfig deliveryConfig,
                             MeterRegistry registry, BusProducer sharedProducer, Clock clock) {
        this.stageConfig = Objects.requireNonNull(stageConfig, "stageConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.deliveryConfig = Objects.requireNonNull(deliveryConfig, "deliveryConfig");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sharedProducer = sharedProducer;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new BindingStore(clock);
    }

    /** The location service over this replica's bindings (usable from any thread once started). */
    public LocationService locationService() {
        return store;
    }

    public RegistrarConfig registrarConfig() {
        return config;
    }

    @Override
    public Future<?> start() {
        producer = sharedProducer != null ? sharedProducer : BusProducer.create(stageConfig.kafka(), registry);
        metrics = new RegistrarMetrics(registry, store);
        BindingsLoader loader = BindingsLoader.of(stageConfig.kafka());
        RegistrarStage handler = new RegistrarStage(config, store, metrics,
                partitions -> vertx.executeBlocking(() -> loader.load(partitions), false),
                producer, Topics.BINDINGS, clock, loader::partitionCount);
        Future<CompactedTable> users = deliveryConfig.knowsUsers()
                ? CompactedTable.open(vertx, stageConfig.kafka(), deliveryConfig.credentialsTopic(), Set.of(),
                        CompactedTable.Mode.FOLLOW)
                : Future.succeededFuture(null);
        return users.compose(table -> {
            credentials = table;
            DeliveryStage delivery = new DeliveryStage(deliveryConfig, store, store::owns,
                    key -> table != null && table.get(key).isPresent(), new VertxTimers(), producer,
                    deliveryMetrics = new DeliveryMetrics(registry), clock);
            StageHandler registrar = handler.input();
            StageHandler both = record -> record.topic().equals(Topics.DELIVER) ? delivery.handle(record)
                    : registrar.handle(record);
            stage = StageVerticle.builder(stageConfig, both, registry)
                    .partitionStateListener(handler)
                    .producer(producer)
                    .clock(clock)
                    .build();
            return vertx.deployVerticle(stage);
        }).onSuccess(id ->
                sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(),
                        t -> handler.runOnStageContext(handler::sweep)));
    }

    @Override
    public Future<?> stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (metrics != null) {
            metrics.close();
        }
        if (deliveryMetrics != null) {
            deliveryMetrics.close();
        }
        if (credentials != null) {
            credentials.close();
        }
        if (sharedProducer == null && producer != null) {
            BusProducer own = producer;
            return vertx.executeBlocking(() -> {
                own.close();
                return null;
            });
        }
        return Future.succeededFuture();
    }

    /** Timers on the context the stage handler runs on (the verticle's own, where the stage is deployed from). */
    private final class VertxTimers implements DeliveryStage.Timers {
        @Override
        public long set(long delayMs, Runnable task) {
            return vertx.setTimer(delayMs, id -> task.run());
        }

        @Override
        public void cancel(long id) {
            vertx.cancelTimer(id);
        }
    }

    /** Up while the registrar's stage consumes. */
    public HealthCheck healthCheck() {
        return () -> stage == null ? Future.succeededFuture(HealthStatus.down("not started")) : stage.healthCheck().check();
    }
}
