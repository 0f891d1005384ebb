package io.vouch.cert;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vouch.cert.internal.CertMetrics;
import io.vouch.cert.internal.CertStage;
import io.vouch.cert.internal.CertStore;
import io.vouch.cert.internal.Notifier;
import io.vouch.cert.internal.StateCodec;
import io.vouch.proto.Topics;
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.CompactedReplay;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.sip.SipRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The certificate service (RFC 6072 {@code certificate} and {@code credential} event packages): a {@link StageVerticle}
 * on {@link Topics#CERT} whose partition state is the co-partitioned compacted {@link Topics#CERTIFICATES}
 * (publications by AOR) and {@link Topics#CERT_SUBSCRIPTIONS} (subscriptions by AOR).
 *
 * <p>Configuration: the {@code stage.*} and {@code kafka.*} keys of {@link StageConfig} (stage name {@code cert}) and
 * the {@code cert.*} keys of {@link CertConfig}.
 */
public final class CertVerticle extends VerticleBase {
    private final StageConfig stageConfig;
    private final CertConfig config;
    private final MeterRegistry registry;
    private final BusProducer sharedProducer;
    private final Clock clock;
    private final UnaryOperator<SipRequest> signer;
    private final CertStore store = new CertStore();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CertVerticle.class);
    private CertMetrics metrics;
    private StageVerticle stage;
    private BusProducer stageProducer;
    private long sweepTimer = -1;

    /**
     * @param sharedProducer a process-wide producer, or null for the stage's own
     * @param signer         adds RFC 4474 Identity to each NOTIFY; {@link UnaryOperator#identity()} leaves them unsigned
     */
    public CertVerticle(StageConfig stageConfig, CertConfig config, MeterRegistry registry, BusProducer sharedProducer,
                        Clock clock, UnaryOperator<SipRequest> signer) {
        this.stageConfig = Objects.requireNonNull(stageConfig, "stageConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sharedProducer = sharedProducer;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    @Override
    public Future<?> start() {
        metrics = new CertMetrics(registry, store::subscriptionCount);
        if (sharedProducer == null) {
            stageProducer = BusProducer.create(stageConfig.kafka(), registry);
        }
        KafkaSettings kafka = stageConfig.kafka();
        CertStage handler = new CertStage(config, store, metrics,
                partitions -> vertx.executeBlocking(() -> load(kafka, partitions), false),
                new Notifier(Topics.CERT, signer, metrics), Topics.CERTIFICATES, Topics.CERT_SUBSCRIPTIONS, clock);
        StageVerticle.Builder b = StageVerticle.builder(stageConfig, handler, registry)
                .partitionStateListener(handler).clock(clock);
        b.producer(sharedProducer != null ? sharedProducer : stageProducer);
        stage = b.build();
        return vertx.deployVerticle(stage).onSuccess(id -> sweepTimer = vertx.setPeriodic(
                config.sweepIntervalMs(), t -> handler.runOnStageContext(() -> send(handler.sweep()))));
    }

    /** Produces the sweep's outcomes in order (writes before the NOTIFYs they announce). */
    private void send(List<Outcome> outcomes) {
        BusProducer p = sharedProducer != null ? sharedProducer : stageProducer;
        if (p == null) {
            return;
        }
        Future<?> chain = Future.succeededFuture();
        for (Outcome o : outcomes) {
            chain = chain.compose(v -> switch (o) {
                case Outcome.Write w -> p.send(w.topic(), w.key(), w.value());
                case Outcome.Reply r -> p.send(r.topic(), r.key(), r.reply().toByteArray());
                default -> Future.succeededFuture();
            });
        }
        chain.onFailure(err -> LOG.warn("cert sweep write failed (state stays correct in memory): {}",
                err.toString()));
    }

    private static List<CertStage.Loaded> load(KafkaSettings kafka, Set<Integer> partitions) {
        Duration timeout = Duration.ofSeconds(30);
        CompactedReplay.requireCoPartitioned(kafka, Topics.CERTIFICATES, Topics.CERT, timeout);
        CompactedReplay.requireCoPartitioned(kafka, Topics.CERT_SUBSCRIPTIONS, Topics.CERT, timeout);
        Map<Integer, Map<String, byte[]>> pubs = CompactedReplay.byPartition(kafka, Topics.CERTIFICATES, partitions,
                timeout);
        Map<Integer, Map<String, byte[]>> subs = CompactedReplay.byPartition(kafka, Topics.CERT_SUBSCRIPTIONS,
                partitions, timeout);
        List<CertStage.Loaded> out = new ArrayList<>();
        for (int p : partitions) {
            var ps = new HashMap<String, List<io.vouch.cert.internal.Publication>>();
            pubs.getOrDefault(p, Map.of()).forEach((k, v) -> {
                if (!k.startsWith("stir/")) {
                    StateCodec.decodePublications(v).ifPresent(list -> ps.put(k, list));
                }
            });
            var ss = new HashMap<String, List<io.vouch.cert.internal.Subscription>>();
            subs.getOrDefault(p, Map.of()).forEach((k, v) -> StateCodec.decodeSubscriptions(v)
                    .ifPresent(list -> ss.put(k, list)));
            out.add(new CertStage.Loaded(p, ps, ss));
        }
        return out;
    }

    @Override
    public Future<?> stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (metrics != null) {
            metrics.close();
        }
        if (stageProducer != null) {
            BusProducer own = stageProducer;
            return vertx.executeBlocking(() -> {
                own.close();
                return null;
            });
        }
        return Future.succeededFuture();
    }

    /** Up while the certificate stage consumes. */
    public HealthCheck healthCheck() {
        return () -> stage == null ? Future.succeededFuture(HealthStatus.down("not started"))
                : stage.healthCheck().check();
    }
}
