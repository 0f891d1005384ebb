package io.vouch.runtime.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.runtime.testing.Await;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.runtime.testing.StageEvents;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BusProducerIT {
    private Vertx vertx;
    private BusProducer producer;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        producer = BusProducer.create(KafkaTestSupport.settings(), new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() throws Exception {
        producer.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void topicTailDeliversRepliesProducedAfterItOpened() throws Exception {
        String edge = KafkaTestSupport.uniqueEdgeId("tail");
        KafkaTestSupport.createTopics(List.of(VouchTopics.edgeReplies(edge, 2)));
        SipReply before = StageEvents.replyTo(StageEvents.event(edge, "tx0", "INVITE"), "t", "old");
        // a tombstone on a reply topic is skipped, not delivered as an empty reply
        producer.send(Topics.edgeReplies(edge), "tx0", null).await(10, TimeUnit.SECONDS);
        producer.send(Topics.edgeReplies(edge), "tx0", before.toByteArray()).await(10, TimeUnit.SECONDS);

        List<String> got = new CopyOnWriteArrayList<>();
        TopicTail tail = TopicTail.openReplies(vertx, KafkaTestSupport.settings(), edge,
                r -> got.add(StageEvents.text(r))).await(20, TimeUnit.SECONDS);
        try {
            for (int i = 1; i <= 5; i++) {
                SipReply r = StageEvents.replyTo(StageEvents.event(edge, "tx" + i, "INVITE"), "t", "new" + i);
                producer.send(Topics.edgeReplies(edge), "tx" + i, r.toByteArray());
            }
            Await.until(() -> got.size() == 5, Duration.ofSeconds(15), "five replies");
            assertEquals(Set.of("new1", "new2", "new3", "new4", "new5"), Set.copyOf(got),
                    "replies from before the tail opened are not replayed");
        } finally {
            tail.close();
        }
    }

    @Test
    void aSendToAMissingTopicDoesNotHoldUpSendsToExistingOnes() throws Exception {
        String existing = KafkaTestSupport.createTopic(KafkaTestSupport.uniqueTopic("exists"), 1);
        try (BusProducer p = BusProducer.create(KafkaTestSupport.settings().with("producer.max.block.ms", "3000"),
                new SimpleMeterRegistry())) {
            p.send(existing, "warm", b("up")).await(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            Future<?> missing = p.send(KafkaTestSupport.uniqueTopic("absent"), "k", b("lost"));
            p.send(existing, "k", b("fast")).await(10, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2000, "send to an existing topic took " + ms + " ms behind a missing topic");
            assertThrows(Exception.class, () -> missing.await(10, TimeUnit.SECONDS));
        }
    }
}
