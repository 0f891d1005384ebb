package io.vouch.cert;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vouch.cert.internal.EventPackages;
import io.vouch.cert.internal.Publication;
import io.vouch.cert.internal.StateCodec;
import io.vouch.cert.internal.body.BodyCheck;
import io.vouch.cert.internal.body.BodySecurityStage;
import io.vouch.proto.Topics;
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.CompactedTable;
import io.vouch.smime.SmimeLimits;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The body-security stage (S/MIME, RFC 3261 §23, RFC 8591): a {@link StageVerticle} on {@link Topics#BODY} that checks
 * signed bodies against the certificates users published (RFC 6072), read from the whole compacted
 * {@link Topics#CERTIFICATES} topic, which it follows, so any replica can check any request.
 *
 * <p>Configuration: the {@code stage.*} and {@code kafka.*} keys of {@link StageConfig} (stage name {@code body}) and
 * the {@code cert.body.*} keys of {@link BodySecurityConfig}.
 */
public final class BodySecurityVerticle extends VerticleBase {
    private final StageConfig stageConfig;
    private final BodySecurityConfig config;
    private final MeterRegistry registry;
    private final BusProducer producer;
    private final Clock clock;
    private final Function<String, Optional<byte[]>> fixedStore;
    private CompactedTable table;
    private BodySecurityStage handler;
    private StageVerticle stage;

    /** @param producer a process-wide producer, or null for the stage's own */
    public BodySecurityVerticle(StageConfig stageConfig, BodySecurityConfig config, MeterRegistry registry,
                                BusProducer producer, Clock clock) {
        this(stageConfig, config, registry, producer, clock, null);
    }

    BodySecurityVerticle(StageConfig stageConfig, BodySecurityConfig config, MeterRegistry registry,
                         BusProducer producer, Clock clock, Function<String, Optional<byte[]>> fixedStore) {
        this.stageConfig = Objects.requireNonNull(stageConfig, "stageConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.producer = producer;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fixedStore = fixedStore;
    }

    @Override
    public Future<?> start() {
        Future<Function<String, Optional<byte[]>>> store = fixedStore != null ? Future.succeededFuture(fixedStore)
                : CompactedTable.open(vertx, stageConfig.kafka(), Topics.CERTIFICATES, Set.of()).map(t -> {
                    table = t;
                    return t::get;
                });
        return store.compose(s -> {
            SmimeLimits limits = new SmimeLimits(config.maxBodyBytes(), config.maxDepth(),
                    SmimeLimits.DEFAULT_MAX_PARTS);
            BodyCheck check = new BodyCheck(aor -> published(s, aor, clock.millis()), limits,
                    Duration.ofSeconds(config.dateSkewSeconds()), clock);
            handler = new BodySecurityStage(config, check, registry, clock);
            StageVerticle.Builder b = StageVerticle.builder(stageConfig, handler, registry).clock(clock);
            if (producer != null) {
                b.producer(producer);
            }
            stage = b.build();
            return vertx.deployVerticle(stage);
        });
    }

    /** The unexpired certificates {@code aor} published in the {@code certificate} event package. */
    static List<X509Certificate> published(Function<String, Optional<byte[]>> store, String aor, long nowMs) {
        Optional<List<Publication>> pubs = store.apply(aor).flatMap(StateCodec::decodePublications);
        if (pubs.isEmpty()) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>(1);
        for (Publication p : pubs.get()) {
            if (p.eventPackage().equals(EventPackages.CERTIFICATE) && !p.expired(nowMs)) {
                try {
                    out.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(p.body())));
                } catch (CertificateException | RuntimeException e) {
                    // validated when published; a record that no longer parses vouches for nothing
                }
            }
        }
        return out;
    }

    @Override
    public Future<?> stop() {
        if (handler != null) {
            handler.close();
        }
        if (table != null) {
            table.close();
        }
        return Future.succeededFuture();
    }

    /** Up while the stage consumes. */
    public HealthCheck healthCheck() {
        return () -> stage == null ? Future.succeededFuture(HealthStatus.down("not started"))
                : stage.healthCheck().check();
    }
}
