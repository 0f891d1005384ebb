package io.vouch.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vouch.proto.SipEvent;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicAdmin;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.TopicTail;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.testing.StageEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stage round trip against a containerized Apache Kafka broker; skipped where no Docker engine is reachable. */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StageVerticleTestcontainersIT {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.0");

    @Test
    void replyOfTheHandlerLandsOnTheEdgeReplyTopic() throws Exception {
        KafkaSettings settings = KafkaSettings.of(KAFKA.getBootstrapServers());
        String edge = "tc-edge";
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            admin.ensureTopics(List.of(TopicSpec.stream("tc.in", 2, Duration.ofHours(1)),
                    VouchTopics.edgeReplies(edge))).await(60, TimeUnit.SECONDS);
        }
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BusProducer producer = BusProducer.create(settings, registry);
        try {
            List<String> replies = new CopyOnWriteArrayList<>();
            TopicTail tail = TopicTail.openReplies(vertx, settings, edge, r -> replies.add(StageEvents.text(r)))
                    .await(60, TimeUnit.SECONDS);
            StageConfig config = StageConfig.of("tc", List.of("tc.in"), "tc-group", settings);
            vertx.deployVerticle(StageVerticle.builder(config, r -> Future.succeededFuture(List.of(Outcome.reply(
                    StageEvents.replyTo(r.event(), "tc", "200 " + StageEvents.text(r.event()))))), registry)
                    .producer(producer).build()).await(30, TimeUnit.SECONDS);
            SipEvent event = StageEvents.event(edge, "tx-1", "REGISTER");
            producer.send("tc.in", "alice@example.com", event.toByteArray()).await(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (replies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of("200 REGISTER"), replies);
            tail.close();
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            producer.close();
        }
    }

}
