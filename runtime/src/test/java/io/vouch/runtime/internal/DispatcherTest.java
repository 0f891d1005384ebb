package io.vouch.runtime.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vouch.proto.SipEvent;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageHandler;
import io.vouch.runtime.kafka.BusSender;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.testing.Await;
import io.vouch.runtime.testing.StageEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher's ordering and commit rules, with a sender whose acknowledgements the test controls. */
class DispatcherTest {
    private static final String TOPIC = "in";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    /** Every send, held until the test acknowledges or fails it. */
    private record Sent(String topic, String key, Promise<RecordMetadata> ack) {
    }

    private Vertx vertx;
    private Context context;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final BusSender sender = (topic, key, value) -> {
        Promise<RecordMetadata> p = Promise.promise();
        sent.add(new Sent(topic, key, p));
        return p.future();
    };
    private final OffsetTracker tracker = new OffsetTracker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long epoch;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        epoch = tracker.assign(TP);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Dispatcher dispatcher(StageConfig config, StageHandler handler) {
        return new Dispatcher(context, config, handler, sender, tracker, new StageMetrics(registry, "unit"),
                Clock.systemUTC(), () -> { });
    }

    private static StageConfig config() {
        return StageConfig.of("unit", List.of(TOPIC), "g", KafkaSettings.of("127.0.0.1:1"));
    }

    private ConsumerLoop.Polled poll(long offset, String key, SipEvent event) {
        tracker.register(TP, offset);
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(TOPIC, 0, offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), event.toByteArray());
        return new ConsumerLoop.Polled(r, TP, epoch);
    }

    private void onContext(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            r.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    /**
     * Returns once the stage's event loop has run everything queued before this call: an absence check after it sees
     * every follow-up the dispatcher scheduled, without sleeping.
     */
    private void barrier() throws Exception {
        onContext(() -> { });
        onContext(() -> { });
    }

    private long committable() {
        Map<TopicPartition, OffsetAndMetadata> m = tracker.takeCommittable(null);
        tracker.commitFailed(m);
        return m.containsKey(TP) ? m.get(TP).offset() : -1;
    }

    private void ack(int index) throws Exception {
        onContext(() -> sent.get(index).ack().complete(null));
    }

    @Test
    void sendsEachOutcomeOnlyAfterThePreviousOneIsAcknowledged() throws Exception {
        SipEvent e = StageEvents.event("edge1", "tx1", "REGISTER");
        Dispatcher d = dispatcher(config(), r -> Future.succeededFuture(List.of(
                Outcome.write("state", "alice", new byte[] {1}),
                Outcome.forward("next", "alice", r.event()),
                Outcome.reply(StageEvents.replyTo(r.event(), "unit", "200 OK")))));
        onContext(() -> d.accept(List.of(poll(0, "alice", e))));

        Await.until(() -> sent.size() == 1, Duration.ofSeconds(5), "sent.size() == 1");
        barrier();
        assertEquals(1, sent.size(), "the forward must wait for the write's acknowledgement");
        assertEquals("state", sent.get(0).topic());
        assertEquals(0, committable(), "nothing is committable before the outcomes are acknowledged");

        ack(0);
        Await.until(() -> sent.size() == 2, Duration.ofSeconds(5), "sent.size() == 2");
        assertEquals("next", sent.get(1).topic());
        barrier();
        assertEquals(2, sent.size());

        ack(1);
        Await.until(() -> sent.size() == 3, Duration.ofSeconds(5), "sent.size() == 3");
        assertEquals("vouch.edge.edge1", sent.get(2).topic());
        assertEquals("tx1", sent.get(2).key());
        assertEquals(0, committable());

        ack(2);
        Await.until(() -> committable() == 1, Duration.ofSeconds(5), "committable() == 1");
    }

    @Test
    void commitsOnlyUpToTheFirstUnfinishedOffset() throws Exception {
        SipEvent e = StageEvents.event("edge1", "tx", "INVITE");
        Dispatcher d = dispatcher(config(), r -> Future.succeededFuture(List.of(Outcome.forward("next", r.key(),
                r.event()))));
        onContext(() -> d.accept(List.of(poll(0, "a", e), poll(1, "b", e), poll(2, "c", e))));
        Await.until(() -> sent.size() == 3, Duration.ofSeconds(5), "sent.size() == 3");

        ack(1);
        ack(2);
        barrier();
        assertEquals(0, committable(), "offset 0 is unfinished, so nothing after it may be committed");
        ack(0);
        Await.until(() -> committable() == 3, Duration.ofSeconds(5), "committable() == 3");
    }

    @Test
    void skipsTheRemainingOutcomesWhenASendFailsForGood() throws Exception {
        SipEvent e = StageEvents.event("edge1", "tx", "REGISTER");
        StageConfig cfg = config().withRetry(2, Duration.ofMillis(5), Duration.ofMillis(10));
        Dispatcher d = dispatcher(cfg, r -> Future.succeededFuture(List.of(
                Outcome.write("state", "alice", new byte[] {1}),
                Outcome.reply(StageEvents.replyTo(r.event(), "unit", "200 OK")))));
        onContext(() -> d.accept(List.of(poll(0, "alice", e))));

        Await.until(() -> sent.size() == 1, Duration.ofSeconds(5), "sent.size() == 1");
        onContext(() -> sent.get(0).ack().fail(new IllegalStateException("broker said no")));
        Await.until(() -> sent.size() == 2, Duration.ofSeconds(5), "sent.size() == 2");
        assertEquals("state", sent.get(1).topic(), "the failed write is retried");
        onContext(() -> sent.get(1).ack().fail(new IllegalStateException("broker said no")));

        Await.until(() -> committable() == 1, Duration.ofSeconds(5), "committable() == 1");
        barrier();
        assertEquals(2, sent.size(), "the 200 must not be sent when its binding write failed");
        assertEquals(1.0, registry.get("vouch.stage.produce.failures").counter().count());
    }

    @Test
    void startsNothingNewOnceDrainingAndAbandonsWhatRunsAfterHalt() throws Exception {
        SipEvent e = StageEvents.event("edge1", "tx", "REGISTER");
        List<Promise<List<Outcome>>> calls = new ArrayList<>();
        Dispatcher d = dispatcher(config(), r -> {
            Promise<List<Outcome>> p = Promise.promise();
            calls.add(p);
            return p.future();
        });
        onContext(() -> d.accept(List.of(poll(0, "a", e))));
        Await.until(() -> calls.size() == 1, Duration.ofSeconds(5), "calls.size() == 1");
        onContext(() -> {
            d.drain();
            d.accept(List.of(poll(1, "b", e)));
        });
        assertEquals(1, calls.size());
        onContext(() -> {
            d.halt();
            calls.get(0).complete(List.of(Outcome.forward("next", "a", e)));
        });
        barrier();
        assertTrue(sent.isEmpty(), "nothing is produced after halt");
        assertEquals(0, committable());
        assertTrue(tracker.awaitStarted(null, 10), "the abandoned record no longer counts as running");
    }
}
