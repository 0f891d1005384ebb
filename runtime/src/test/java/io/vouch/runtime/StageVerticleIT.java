package io.vouch.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.kafka.WarmupRecords;
import io.vouch.runtime.testing.Await;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.runtime.testing.StageEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StageVerticleIT {
    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private String input;
    private String edge;
    private String group;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        input = KafkaTestSupport.createTopic(KafkaTestSupport.uniqueTopic("stage.in"), 1);
        edge = KafkaTestSupport.uniqueEdgeId("edge");
        KafkaTestSupport.createTopics(List.of(VouchTopics.edgeReplies(edge)));
        group = KafkaTestSupport.uniqueGroup("stage");
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    private StageConfig config() {
        return StageConfig.of("test", List.of(input), group, KafkaTestSupport.settings())
                .withShutdownDrain(Duration.ofMillis(300));
    }

    private String deploy(StageVerticle v) throws Exception {
        return vertx.deployVerticle(v).await(20, TimeUnit.SECONDS);
    }

    private void undeploy(String id) throws Exception {
        vertx.undeploy(id).await(20, TimeUnit.SECONDS);
    }

    private void send(String key, String text) throws Exception {
        SipEvent e = StageEvents.event(edge, "tx-" + text, text);
        KafkaTestSupport.produce(input, key, e.toByteArray());
    }

    private static Future<List<Outcome>> replyWith(StageRecord r, String text) {
        return Future.succeededFuture(List.of(Outcome.reply(StageEvents.replyTo(r.event(), "test", text))));
    }

    private List<SipReply> replies(int count, Duration timeout) {
        List<SipReply> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.read(Topics.edgeReplies(edge), count, timeout)) {
            try {
                out.add(SipReply.parseFrom(r.value()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private double count(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void replyOfTheHandlerLandsOnTheEdgeReplyTopicKeyedByTransaction() throws Exception {
        deploy(new StageVerticle(config(), r -> replyWith(r, "200 for " + StageEvents.text(r.event())), registry));
        send("alice@example.com", "REGISTER 1");

        List<ConsumerRecord<byte[], byte[]>> got =
                KafkaTestSupport.read(Topics.edgeReplies(edge), 1, Duration.ofSeconds(20));
        assertEquals(1, got.size());
        assertEquals("tx-REGISTER 1", KafkaTestSupport.key(got.get(0)));
        SipReply reply = replies(1, Duration.ofSeconds(5)).get(0);
        assertEquals("200 for REGISTER 1", StageEvents.text(reply));
        assertEquals(edge, reply.getFlow().getEdgeId());
        Await.until(() -> count("vouch.stage.records.completed") == 1, Duration.ofSeconds(5), "completion metric");
    }

    @Test
    void warmUpRecordsReachOnlyTheWarmUpHookAndTheReplyTailSetsThemAside() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> warmed = new CopyOnWriteArrayList<>();
        deploy(new StageVerticle(config(), new StageHandler() {
            @Override
            public Future<List<Outcome>> handle(StageRecord r) {
                handled.add(StageEvents.text(r.event()));
                return replyWith(r, "200 for " + StageEvents.text(r.event()));
            }

            @Override
            public void warmUp(StageRecord r) {
                warmed.add(StageEvents.text(r.event()));
            }
        }, registry));
        List<String> tailed = new CopyOnWriteArrayList<>();
        List<String> tailedWarmup = new CopyOnWriteArrayList<>();
        var tail = io.vouch.runtime.kafka.TopicTail.openReplies(vertx, KafkaTestSupport.settings(), edge,
                reply -> tailed.add(StageEvents.text(reply)), reply -> tailedWarmup.add(StageEvents.text(reply)))
                .await(20, TimeUnit.SECONDS);
        try (var producer = io.vouch.runtime.kafka.BusProducer.create(KafkaTestSupport.settings(), registry)) {
            byte[] warm = StageEvents.event(edge, "tx-warm", "REGISTER warm").toByteArray();
            producer.send(WarmupRecords.record(input, null, "alice@example.com", warm)).await(20, TimeUnit.SECONDS);
            producer.send(WarmupRecords.record(Topics.edgeReplies(edge), null, "tx-warm",
                    StageEvents.replyTo(StageEvents.event(edge, "tx-warm", "x"), "test", "warm reply").toByteArray()))
                    .await(20, TimeUnit.SECONDS);
            send("alice@example.com", "REGISTER real");
            Await.until(() -> tailed.contains("200 for REGISTER real"), Duration.ofSeconds(20), "the real reply");
            assertEquals(List.of("REGISTER warm"), warmed);
            assertEquals(List.of("REGISTER real"), handled, "the handler never saw the warm-up record");
            assertEquals(List.of("200 for REGISTER real"), tailed);
            assertEquals(List.of("warm reply"), tailedWarmup);
            assertEquals(1.0, count("vouch.stage.drops", "reason", WarmupRecords.DROP_REASON));
        } finally {
            tail.close();
        }
    }

    @Test
    void writeIsOnTheStateTopicWhenTheReplyAppears() throws Exception {
        String state = KafkaTestSupport.uniqueTopic("state");
        KafkaTestSupport.createTopics(List.of(TopicSpec.compacted(state, 1)));
        List<Boolean> writeSeenFirst = new CopyOnWriteArrayList<>();
        deploy(new StageVerticle(config(), r -> Future.succeededFuture(List.of(
                Outcome.write(state, r.key(), "binding".getBytes(StandardCharsets.UTF_8)),
                Outcome.reply(StageEvents.replyTo(r.event(), "test", "200 OK")))), registry));
        // the check reads the state topic as soon as the reply is seen (off the event loop: it blocks)
        var tail = io.vouch.runtime.kafka.TopicTail.openReplies(vertx, KafkaTestSupport.settings(), edge,
                reply -> vertx.executeBlocking(() -> writeSeenFirst.add(
                        !KafkaTestSupport.read(state, 1, Duration.ofMillis(1500)).isEmpty())))
                .await(20, TimeUnit.SECONDS);
        try {
            send("bob@example.com", "REGISTER 2");
            Await.until(() -> !writeSeenFirst.isEmpty(), Duration.ofSeconds(20), "reply");
            assertEquals(List.of(true), writeSeenFirst);
            List<ConsumerRecord<byte[], byte[]>> w = KafkaTestSupport.read(state, 1, Duration.ofSeconds(5));
            assertEquals("bob@example.com", KafkaTestSupport.key(w.get(0)));
        } finally {
            tail.close();
        }
    }

    @Test
    void recordIsRedeliveredWhenTheStageStopsBeforeItsOutcomeIsAcknowledged() throws Exception {
        List<String> firstSaw = new CopyOnWriteArrayList<>();
        // first instance never finishes: its offset must not be committed
        String first = deploy(new StageVerticle(config(), r -> {
            firstSaw.add(StageEvents.text(r.event()));
            return Promise.<List<Outcome>>promise().future();
        }, registry));
        send("k1", "A");
        Await.until(() -> firstSaw.contains("A"), Duration.ofSeconds(20), "first instance to get A");
        undeploy(first);

        List<String> secondSaw = new CopyOnWriteArrayList<>();
        String second = deploy(new StageVerticle(config(), r -> {
            secondSaw.add(StageEvents.text(r.event()));
            return replyWith(r, "done " + StageEvents.text(r.event()));
        }, registry));
        Await.until(() -> secondSaw.contains("A"), Duration.ofSeconds(20), "redelivery of A");
        assertEquals(1, replies(1, Duration.ofSeconds(10)).size());
        undeploy(second);

        List<String> thirdSaw = new CopyOnWriteArrayList<>();
        deploy(new StageVerticle(config(), r -> {
            thirdSaw.add(StageEvents.text(r.event()));
            return replyWith(r, "done");
        }, registry));
        send("k2", "B");
        Await.until(() -> thirdSaw.contains("B"), Duration.ofSeconds(20), "third instance to get B");
        assertEquals(List.of("B"), thirdSaw, "A was committed by the second instance and must not come back");
    }

    @Test
    void recordsOfOneKeyAreHandledOneAtATimeInOffsetOrderWhileOtherKeysRunConcurrently() throws Exception {
        int perKey = 15;
        Map<String, List<Integer>> order = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        deploy(new StageVerticle(config(), r -> {
            String text = StageEvents.text(r.event());
            int seq = Integer.parseInt(text.substring(text.indexOf('#') + 1));
            order.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(seq);
            if (busy.computeIfAbsent(r.key(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Promise<List<Outcome>> p = Promise.promise();
            vertx.setTimer(5 + (seq * 7L) % 11, id -> {
                busy.get(r.key()).decrementAndGet();
                running.decrementAndGet();
                done.incrementAndGet();
                p.complete(List.of());
            });
            return p.future();
        }, registry));
        List<String> keys = List.of("alice", "bob", "carol");
        try (var producer = io.vouch.runtime.kafka.BusProducer.create(KafkaTestSupport.settings(), registry)) {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                for (String k : keys) {
                    sends.add(producer.send(input, k, StageEvents.event(edge, k + i, k + "#" + i).toByteArray()));
                }
            }
            Future.all(new ArrayList<>(sends)).await(20, TimeUnit.SECONDS);
        }
        Await.until(() -> done.get() == perKey * keys.size(), Duration.ofSeconds(30), "all records");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            expected.add(i);
        }
        for (String k : keys) {
            assertEquals(expected, order.get(k), "order of key " + k);
        }
        assertEquals(0, overlaps.get(), "two records of one key ran at the same time");
        assertTrue(maxRunning.get() > 1, "different keys should run concurrently, max was " + maxRunning.get());
    }

    @Test
    void failingHandlerDoesNotStallThePartition() throws Exception {
        AtomicInteger retriableAttempts = new AtomicInteger();
        StageConfig cfg = config().withRetry(3, Duration.ofMillis(20), Duration.ofMillis(100))
                .withHandlerTimeout(Duration.ofMillis(300));
        String id = deploy(new StageVerticle(cfg, r -> {
            String text = StageEvents.text(r.event());
            return switch (text) {
                case "fatal" -> throw new IllegalStateException("bug in handler");
                case "flaky" -> retriableAttempts.incrementAndGet() < 3
                        ? Future.failedFuture(new RetriableStageException("store briefly away"))
                        : replyWith(r, "flaky ok");
                case "hang" -> Promise.<List<Outcome>>promise().future();
                default -> replyWith(r, text + " ok");
            };
        }, registry));
        send("same", "fatal");
        send("same", "hang");
        send("same", "flaky");
        send("same", "last");

        List<SipReply> got = replies(2, Duration.ofSeconds(20));
        assertEquals(List.of("flaky ok", "last ok"), got.stream().map(StageEvents::text).toList());
        assertEquals(3, retriableAttempts.get());
        assertEquals(1.0, count("vouch.stage.drops", "reason", "handler_error"));
        assertEquals(1.0, count("vouch.stage.drops", "reason", "handler_timeout"));
        assertEquals(3.0, count("vouch.stage.handler.failures", "kind", "timeout"));
        undeploy(id);

        // all four were finished and committed: a new instance of the group sees only new records
        List<String> later = new CopyOnWriteArrayList<>();
        deploy(new StageVerticle(cfg, r -> {
            later.add(StageEvents.text(r.event()));
            return Future.succeededFuture(List.of());
        }, registry));
        send("same", "marker");
        Await.until(() -> later.contains("marker"), Duration.ofSeconds(20), "marker");
        assertEquals(List.of("marker"), later);
    }

    @Test
    void consumerPausesAtTheInFlightBoundAndResumesBelowIt() throws Exception {
        int total = 40;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong pausedSeen = new AtomicLong();
        AtomicLong maxLag = new AtomicLong();
        StageConfig cfg = config().withMaxInFlight(2);
        deploy(new StageVerticle(cfg, r -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Promise<List<Outcome>> p = Promise.promise();
            vertx.setTimer(10, t -> {
                if (registry.get("vouch.stage.paused").gauge().value() == 1.0) {
                    pausedSeen.incrementAndGet();
                }
                registry.find("vouch.kafka.consumer.lag").gauges()
                        .forEach(g -> maxLag.accumulateAndGet((long) g.value(), Math::max));
                running.decrementAndGet();
                done.incrementAndGet();
                p.complete(List.of());
            });
            return p.future();
        }, registry));
        try (var producer = io.vouch.runtime.kafka.BusProducer.create(KafkaTestSupport.settings(), registry)) {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                sends.add(producer.send(input, "key-" + i, StageEvents.event(edge, "t" + i, "r" + i).toByteArray()));
            }
            Future.all(new ArrayList<>(sends)).await(20, TimeUnit.SECONDS);
        }
        Await.until(() -> done.get() == total, Duration.ofSeconds(30), "all records");
        assertTrue(maxRunning.get() <= 2, "at most 2 in flight, saw " + maxRunning.get());
        assertEquals(2, maxRunning.get());
        assertTrue(pausedSeen.get() > 0, "the consumer should have paused at the bound");
        Await.until(() -> registry.get("vouch.stage.paused").gauge().value() == 0.0, Duration.ofSeconds(5), "resume");
        assertTrue(maxLag.get() > 2, "lag should show the backlog, max seen " + maxLag.get());
        assertEquals(1, registry.find("vouch.kafka.consumer.lag").tag("partition", "0").gauges().size());
        Await.until(() -> registry.get("vouch.kafka.consumer.lag").gauge().value() == 0.0, Duration.ofSeconds(5),
                "lag back to 0");
    }

    @Test
    void recordsOfAnAssignedPartitionWaitUntilItsStateIsLoaded() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        send("carol", "early");
        PartitionStateListener listener = new PartitionStateListener() {
            @Override
            public Future<Void> onAssigned(Set<Integer> partitions) {
                events.add("assigned " + partitions);
                Promise<Void> loaded = Promise.promise();
                vertx.setTimer(500, t -> {
                    events.add("loaded");
                    loaded.complete();
                });
                return loaded.future();
            }

            @Override
            public void onRevoked(Set<Integer> partitions) {
                events.add("revoked " + partitions);
            }
        };
        String id = deploy(StageVerticle.builder(config(), r -> {
            events.add("handled " + StageEvents.text(r.event()));
            return Future.succeededFuture(List.of());
        }, registry).partitionStateListener(listener).build());
        Await.until(() -> events.contains("handled early"), Duration.ofSeconds(20), "handling");
        assertEquals(List.of("assigned [0]", "loaded", "handled early"), List.copyOf(events));
        undeploy(id);
        assertTrue(events.contains("revoked [0]"), events.toString());
        assertFalse(events.subList(3, events.size()).contains("handled early"));
    }

    @Test
    void readinessIsDownUntilPartitionsAreAssignedAndTheirStateIsLoaded() throws Exception {
        Promise<Void> loaded = Promise.promise();
        AtomicInteger assignedCalls = new AtomicInteger();
        PartitionStateListener listener = new PartitionStateListener() {
            @Override
            public Future<Void> onAssigned(Set<Integer> partitions) {
                assignedCalls.incrementAndGet();
                return loaded.future();
            }

            @Override
            public void onRevoked(Set<Integer> partitions) {
            }
        };
        StageVerticle stage = StageVerticle.builder(config(), r -> Future.succeededFuture(List.of()), registry)
                .partitionStateListener(listener).build();
        HealthStatus beforeDeploy = stage.healthCheck().check().await(5, TimeUnit.SECONDS);
        assertFalse(beforeDeploy.up(), beforeDeploy.toString());
        deploy(stage);
        Await.until(() -> assignedCalls.get() == 1, Duration.ofSeconds(20), "partition assignment");
        HealthStatus whileLoading = stage.healthCheck().check().await(5, TimeUnit.SECONDS);
        assertFalse(whileLoading.up(), () -> "ready while its partition's state loads: " + whileLoading);
        loaded.complete();
        Await.until(() -> up(stage), Duration.ofSeconds(10), "ready once loaded");
    }

    private static boolean up(StageVerticle stage) {
        try {
            return stage.healthCheck().check().await(5, TimeUnit.SECONDS).up();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void expiredEventsAreDroppedWithoutCallingTheHandler() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        deploy(new StageVerticle(config(), r -> {
            handled.add(StageEvents.text(r.event()));
            return Future.succeededFuture(List.of());
        }, registry));
        SipEvent expired = StageEvents.event(edge, "tx-old", "old").toBuilder()
                .setDeadlineEpochMillis(System.currentTimeMillis() - 1000).build();
        KafkaTestSupport.produce(input, "k", expired.toByteArray());
        KafkaTestSupport.produce(input, "k", new byte[] {(byte) 0xff, 0x01});
        send("k", "fresh");
        Await.until(() -> handled.contains("fresh"), Duration.ofSeconds(20), "fresh record");
        assertEquals(List.of("fresh"), handled);
        assertEquals(1.0, count("vouch.stage.drops", "reason", "expired"));
        assertEquals(1.0, count("vouch.stage.drops", "reason", "undecodable"));
    }

}
