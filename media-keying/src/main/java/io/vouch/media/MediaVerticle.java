package io.vouch.media;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vouch.media.internal.MediaMetrics;
import io.vouch.media.internal.MediaStage;
import io.vouch.proto.Topics;
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.seal.SealKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The media-keying service: deploys a {@link StageVerticle} on {@link Topics#MEDIA} (keyed by Call-ID, no state)
 * running the SDES policy, the DTLS-SRTP checks and the {@code mky} annotation for INVITEs on their way to signing.
 *
 * <p>Configuration: the {@code stage.*} and {@code kafka.*} keys of {@link StageConfig} (stage name {@code media}),
 * the {@code media.*} keys of {@link MediaKeyingConfig}, and {@code media.seal.keys} (the edge's seal keys).
 */
public final class MediaVerticle extends VerticleBase {
    private final StageConfig stageConfig;
    private final MediaKeyingConfig config;
    private final SealKeys sealKeys;
    private final MeterRegistry registry;
    private final BusProducer producer;
    private final Clock clock;
    private StageVerticle stage;

    /** A media stage producing through {@code producer} (shared, not closed here). */
    public MediaVerticle(StageConfig stageConfig, MediaKeyingConfig config, SealKeys sealKeys,
            MeterRegistry registry, BusProducer producer, Clock clock) {
        this.stageConfig = Objects.requireNonNull(stageConfig, "stageConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.sealKeys = Objects.requireNonNull(sealKeys, "sealKeys");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<?> start() {
        MediaStage handler = new MediaStage(config, new KeyMaterialSealer(sealKeys, new SecureRandom()),
                new MediaMetrics(registry), clock);
        stage = StageVerticle.builder(stageConfig, handler, registry).producer(producer).clock(clock).build();
        return vertx.deployVerticle(stage);
    }

    /** Up while the stage consumes. */
    public HealthCheck healthCheck() {
        return () -> stage == null ? Future.succeededFuture(HealthStatus.down("not started"))
                : stage.healthCheck().check();
    }
}
