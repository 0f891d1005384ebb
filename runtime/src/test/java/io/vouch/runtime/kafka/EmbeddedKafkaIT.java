package io.vouch.runtime.kafka;

import io.vouch.broker.EmbeddedKafka;
import io.vouch.runtime.testing.Await;
import io.vouch.runtime.testing.KafkaTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaIT {

    @Test
    void keepsTopicDataAndClusterIdAcrossRestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            clusterId = kafka.clusterId();
            KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
            try (TopicAdmin admin = TopicAdmin.create(settings)) {
                admin.ensureTopics(List.of(TopicSpec.stream("restart.test", 2, Duration.ofHours(1)),
                        TopicSpec.compacted("restart.state", 1))).await(30, TimeUnit.SECONDS);
                // created topics reach the broker's metadata a moment after the controller acknowledged them
                Await.until(() -> listed(admin).containsAll(Set.of("restart.test", "restart.state")),
                        Duration.ofSeconds(30), "both topics listed");
                assertEquals("compact", admin.admin().describeConfigs(List.of(new org.apache.kafka.common.config
                        .ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "restart.state")))
                        .all().get(10, TimeUnit.SECONDS).values().iterator().next().get("cleanup.policy").value());
            }
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                    KafkaSettings.asProperties(settings.producerConfig()))) {
                p.send(new ProducerRecord<>("restart.test", "k".getBytes(StandardCharsets.UTF_8),
                        "survives".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            }
        }
        assertTrue(Files.exists(dir.resolve("meta.properties")));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertEquals(clusterId, kafka.clusterId());
            KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
            try (Admin admin = Admin.create(KafkaSettings.asProperties(settings.adminConfig()))) {
                assertEquals(clusterId, admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS));
            }
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                    KafkaSettings.asProperties(settings.consumerConfig(null)))) {
                List<TopicPartition> tps = List.of(new TopicPartition("restart.test", 0),
                        new TopicPartition("restart.test", 1));
                c.assign(tps);
                c.seekToBeginning(tps);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        values.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertEquals(List.of("survives"), values);
        }
    }

    @Test
    void rejectsProducingToAMissingTopicBecauseAutoCreationIsOff() {
        String topic = KafkaTestSupport.uniqueTopic("never-created");
        KafkaSettings settings = KafkaTestSupport.settings().with("producer.max.block.ms", "1500");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                KafkaSettings.asProperties(settings.producerConfig()))) {
            Exception e = assertThrows(Exception.class,
                    () -> p.send(new ProducerRecord<>(topic, new byte[] {1})).get(10, TimeUnit.SECONDS));
            assertTrue(e.toString().contains("not present in metadata") || e.toString().contains("Timeout"),
                    e.toString());
        }
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            assertTrue(!admin.listTopics().await(10, TimeUnit.SECONDS).contains(topic));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sharedTestBrokerRoundTripsARecord() {
        String topic = KafkaTestSupport.createTopic(KafkaTestSupport.uniqueTopic("roundtrip"), 3);
        KafkaTestSupport.produce(topic, "alice@example.com", "hello".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.read(topic, 1, Duration.ofSeconds(15));
        assertEquals(1, got.size());
        assertEquals("alice@example.com", KafkaTestSupport.key(got.get(0)));
        assertEquals("hello", new String(got.get(0).value(), StandardCharsets.UTF_8));
    }

    private static Set<String> listed(TopicAdmin admin) {
        try {
            return admin.listTopics().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Set.of();
        }
    }
}
