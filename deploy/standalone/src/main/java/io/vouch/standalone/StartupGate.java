package io.vouch.standalone;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.edge.EdgeConfig;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Transport;
import io.vouch.runtime.HealthChecks;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.WarmupRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-process ensemble's start order: the edge opens its ports only once every stage in the process is ready
 * (its partitions assigned and their state loaded, auth past its nonce skew window) and after warm-up records
 * ({@link WarmupRecords}) went through every stage on the real path — shared producer, broker, each stage's consumer,
 * dispatcher and handler — so the first requests wait neither for a group assignment nor for the JIT. Nothing a
 * warm-up record passes through changes state or answers anyone; {@code /health/ready} stays down meanwhile (the
 * edge, and so the whole process, is not up yet).
 */
final class StartupGate {
    private static final Logger LOG = LoggerFactory.getLogger(StartupGate.class);
    static final String READY_TIMEOUT = "startup.ready.timeout.ms";
    static final String WARMUP_MS = "startup.warmup.ms";
    static final String WARMUP_RECORDS = "startup.warmup.records";
    private static final long POLL_MS = 50;
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    /** The keys, declared once. */
    static final ConfigDef DEF = ConfigDef.of("startup", "startup.", "Start-up of the one-process ensemble")
            .define(READY_TIMEOUT, Type.LONG, 120_000L, Validator.between(0, 3_600_000), Importance.MEDIUM,
                    "longest the edge waits for every stage in its process to own its partitions and load their "
                            + "state before it opens its ports anyway (readiness stays down until they do)")
            .define(WARMUP_MS, Type.LONG, 20_000L, Validator.between(0, 600_000), Importance.LOW,
                    "longest time spent passing warm-up records through every stage in the process (shared "
                            + "producer, broker, consumers, handlers; no effects) before the edge opens (0 = off)")
            .define(WARMUP_RECORDS, Type.INT, 20_000, Validator.between(0, 10_000_000), Importance.LOW,
                    "warm-up records per stage input topic (the warm-up ends when they are handled or the time is up)");

    private final Vertx vertx;
    private final HealthChecks health;
    private final BusProducer producer;
    private final MeterRegistry registry;
    private final List<String> topics;
    private final long readyTimeoutMs;
    private final long warmupMs;
    private final int warmupRecords;
    private final String domain;

    /**
     * @param health the checks of every stage deployed so far (and Kafka)
     * @param topics the input topics of those stages to warm (empty: readiness only)
     */
    StartupGate(Vertx vertx, JsonObject cfg, HealthChecks health, BusProducer producer, MeterRegistry registry,
                List<String> topics) {
        Config c = DEF.parse(cfg);
        this.vertx = vertx;
        this.health = health;
        this.producer = producer;
        this.registry = registry;
        this.topics = List.copyOf(topics);
        this.readyTimeoutMs = c.getLong(READY_TIMEOUT);
        this.warmupMs = c.getLong(WARMUP_MS);
        this.warmupRecords = c.getInt(WARMUP_RECORDS);
        EdgeConfig edge = EdgeConfig.from(cfg);
        this.domain = edge.domains().isEmpty() ? edge.advertisedHost() : edge.domains().get(0);
    }

    /** Completes when the edge may open: every stage ready and warm, or the ready timeout passed. Never fails. */
    Future<Void> open() {
        long t0 = System.nanoTime();
        return awaitReady(t0 + TimeUnit.MILLISECONDS.toNanos(readyTimeoutMs))
                .compose(ready -> ready ? warmUp() : Future.succeededFuture())
                .onSuccess(v -> LOG.info("stages ready and warm after {} ms", (System.nanoTime() - t0) / 1_000_000));
    }

    /** Completes with true once every registered check is up, or with false at {@code deadlineNanos}. */
    private Future<Boolean> awaitReady(long deadlineNanos) {
        Promise<Boolean> done = Promise.promise();
        poll(deadlineNanos, done);
        return done.future();
    }

    private void poll(long deadlineNanos, Promise<Boolean> done) {
        health.run(vertx, CHECK_TIMEOUT).onComplete(ar -> {
            if (ar.succeeded() && ar.result().up()) {
                done.complete(true);
            } else if (System.nanoTime() - deadlineNanos >= 0) {
                LOG.warn("not every stage is ready after {} ms ({}): the edge opens anyway and readiness stays "
                        + "down until they are", readyTimeoutMs, ar.succeeded() ? down(ar.result()) : ar.cause());
                done.complete(false);
            } else {
                vertx.setTimer(POLL_MS, id -> poll(deadlineNanos, done));
            }
        });
    }

    private static String down(HealthChecks.Report report) {
        StringBuilder b = new StringBuilder();
        report.checks().forEach((name, s) -> {
            if (!s.up()) {
                b.append(b.isEmpty() ? "" : "; ").append(name).append(": ").append(s.detail());
            }
        });
        return b.toString();
    }

    /**
     * Sends {@code startup.warmup.records} warm-up records per stage input topic, round-robin, and waits until the
     * stages have handled what was acknowledged, all within {@code startup.warmup.ms}.
     */
    private Future<Void> warmUp() {
        if (warmupMs == 0 || warmupRecords == 0 || topics.isEmpty()) {
            return Future.succeededFuture();
        }
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(warmupMs);
        int before = handled();
        byte[] value = event(domain).toByteArray();
        int n = topics.size();
        return WarmupRecords.send(producer, warmupRecords * n, deadline,
                        i -> WarmupRecords.record(topics.get(i % n), null, "warmup-" + (i / n), value))
                .compose(sent -> WarmupRecords.awaitSeen(vertx, () -> handled() - before, sent, deadline)
                        .onSuccess(seen -> LOG.info("warm-up: {} records through {} stage topics, {} handled, in {} ms",
                                sent, n, seen, (System.nanoTime() - t0) / 1_000_000)))
                .mapEmpty();
    }

    /** Warm-up records the stages have handled so far ({@code vouch_stage_drops_total{reason="warmup"}}). */
    private int handled() {
        double sum = 0;
        for (Counter c : registry.find("vouch.stage.drops").tag("reason", WarmupRecords.DROP_REASON).counters()) {
            sum += c.count();
        }
        return (int) sum;
    }

    /**
     * A REGISTER for {@code domain} with digest credentials and the auth stage's assertion, as it would travel, from a
     * documentation address (RFC 5737) to a user nobody has.
     */
    static SipEvent event(String domain) {
        String user = "vouch-warmup";
        String sip = "REGISTER sip:" + domain + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-warmup;rport=5060;received=192.0.2.1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=warmup\r\n"
                + "To: <sip:" + user + "@" + domain + ">\r\n"
                + "Call-ID: warmup@192.0.2.1\r\n"
                + "CSeq: 2 REGISTER\r\n"
                + "Contact: <sip:" + user + "@192.0.2.1:5060>\r\n"
                + "Authorization: Digest username=\"" + user + "\", realm=\"" + domain + "\", nonce=\"warmup\", "
                + "uri=\"sip:" + domain + "\", response=\"00000000000000000000000000000000\", algorithm=MD5, "
                + "qop=auth, nc=00000001, cnonce=\"warmup\"\r\n"
                + "Expires: 3600\r\n"
                + "Content-Length: 0\r\n\r\n";
        Flow flow = Flow.newBuilder().setEdgeId("warmup").setTransport(Transport.UDP).setRemoteHost("192.0.2.1")
                .setRemotePort(5060).setLocalHost("192.0.2.2").setLocalPort(5060).build();
        return SipEvent.newBuilder().setSip(ByteString.copyFrom(sip, StandardCharsets.UTF_8)).setFlow(flow)
                .setAuth(AuthAssertions.digestUser(user, domain, "MD5"))
                .setTraceId("warmup").setTransactionId("warmup").build();
    }

    /** The input topics of {@code stages} (stage name → its topics). */
    static List<String> inputs(Map<String, List<String>> stages) {
        return stages.values().stream().flatMap(List::stream).distinct().sorted().toList();
    }
}
