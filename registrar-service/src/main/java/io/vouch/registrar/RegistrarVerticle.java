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
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The registrar service (RFC 3261 §10.3 registrar and location service, RFC 5626 §6 flows, RFC 3327 Path, §11.2
 * OPTIONS): deploys a {@link StageVerticle} on {@link Topics#REGISTRAR} whose partition state is the co-partitioned
 * compacted {@link Topics#BINDINGS}, and sweeps expired bindings periodically.
 *
 * <p>Configuration: the {@code stage.*} and {@code kafka.*} keys of {@link StageConfig} (stage name
 * {@code registrar}, input {@link Topics#REGISTRAR} by default) and the {@code registrar.*} keys of
 * {@link RegistrarConfig}.
 */
public final class RegistrarVerticle extends VerticleBase {
    private final StageConfig stageConfig;
    private final RegistrarConfig config;
    private final MeterRegistry registry;
    private final BusProducer sharedProducer;
    private final Clock clock;
    private final BindingStore store;

    private BusProducer producer;
    private RegistrarMetrics metrics;
    private StageVerticle stage;
    private long sweepTimer = -1;

    /** A registrar configured from {@code json}, with its own producer and the system clock. */
    public RegistrarVerticle(JsonObject json, MeterRegistry registry) {
        this(StageConfig.from(json, RegistrarStage.STAGE, List.of(Topics.REGISTRAR)), RegistrarConfig.from(json),
                registry, null, Clock.systemUTC());
    }

    /**
     * A registrar with explicit parts; {@code sharedProducer} (may be null: the verticle creates and closes its own)
     * serves both the stage's outcomes and the sweep's writes.
     */
    public RegistrarVerticle(StageConfig stageConfig, RegistrarConfig config, MeterRegistry registry,
                             BusProducer sharedProducer, Clock clock) {
        this.stageConfig = Objects.requireNonNull(stageConfig, "stageConfig");
        this.config = Objects.requireNonNull(config, "config");
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
                producer, Topics.BINDINGS, clock);
        stage = StageVerticle.builder(stageConfig, handler.input(), registry)
                .partitionStateListener(handler)
                .producer(producer)
                .clock(clock)
                .build();
        return vertx.deployVerticle(stage).onSuccess(id ->
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
        if (sharedProducer == null && producer != null) {
            BusProducer own = producer;
            return vertx.executeBlocking(() -> {
                own.close();
                return null;
            });
        }
        return Future.succeededFuture();
    }

    /** Up while the registrar's stage consumes. */
    public HealthCheck healthCheck() {
        return () -> stage == null ? Future.succeededFuture(HealthStatus.down("not started")) : stage.healthCheck().check();
    }
}
