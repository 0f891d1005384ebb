package io.vouch.runtime.kafka;

import io.vouch.broker.EmbeddedKafka;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vouch.runtime.testing.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker outage with requests still arriving: what the producer holds when the broker is back must not include
 * records whose deadline passed meanwhile (their requests were answered 503 long ago).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BusProducerOutageIT {
    private static final long DEADLINE_MS = 1500;

    @Test
    void recordsWhoseDeadlinePassedDuringAnOutageAreNeverDelivered() throws Exception {
        Path dir = Files.createTempDirectory("vouch-outage-it");
        EmbeddedKafka broker = EmbeddedKafka.start(dir, 0);
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        String topic = "outage.it";
        KafkaSettings settings = KafkaSettings.of(bootstrap).withProducerDeadline(DEADLINE_MS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BusProducer producer = BusProducer.create(settings, registry);
        try {
            try (TopicAdmin admin = TopicAdmin.create(settings)) {
                admin.ensureTopics(List.of(TopicSpec.stream(topic, 1, Duration.ofHours(1))))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            get(send(producer, topic, "before"));

            broker.close();
            List<Future<RecordMetadata>> stale = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                stale.add(send(producer, topic, "stale-" + i));
            }
            Thread.sleep(DEADLINE_MS * 2);
            broker = EmbeddedKafka.start(dir, port);
            for (Future<RecordMetadata> f : stale) {
                assertTrue(f.toCompletionStage().toCompletableFuture().handle((md, err) -> err != null)
                        .get(30, TimeUnit.SECONDS), "a record past its deadline is not acknowledged");
            }
            boolean sent = false;
            for (int attempt = 0; attempt < 20 && !sent; attempt++) {
                sent = send(producer, topic, "after").toCompletionStage().toCompletableFuture()
                        .handle((md, err) -> err == null).get(30, TimeUnit.SECONDS);
            }
            assertTrue(sent, "the producer works again once the broker is back");
            List<String> values = readAll(bootstrap, topic);
            assertEquals("before", values.get(0));
            assertTrue(values.stream().noneMatch(v -> v.startsWith("stale-")), () -> "stale records delivered: "
                    + values.stream().filter(v -> v.startsWith("stale-")).count());
        } finally {
            producer.close();
            broker.close();
            KafkaTestSupport.deleteRecursively(dir);
        }
    }

    @Test
    void aSendNeverBlocksItsCallerWhenTheClientBufferFillsDuringAnOutage() throws Exception {
        Path dir = Files.createTempDirectory("vouch-outage-it");
        EmbeddedKafka broker = EmbeddedKafka.start(dir, 0);
        String topic = "outage.full.it";
        // a small client buffer and a long block time: a send made on the caller's thread with the buffer full would
        // block it for max.block.ms and come back already failed
        KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers()).with("producer.buffer.memory", "65536")
                .with("producer.max.block.ms", "60000").with("producer.delivery.timeout.ms", "60000")
                .with("producer.request.timeout.ms", "30000");
        BusProducer producer = BusProducer.create(settings, new SimpleMeterRegistry());
        try {
            try (TopicAdmin admin = TopicAdmin.create(settings)) {
                admin.ensureTopics(List.of(TopicSpec.stream(topic, 1, Duration.ofHours(1))))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            get(producer.send(topic, "k", "before".getBytes(StandardCharsets.UTF_8)));
            broker.close();
            byte[] value = new byte[4096];
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 64; i++) { // 256 KiB, four times the buffer
                sent.add(producer.send(topic, "k", value));
            }
            assertTrue(sent.stream().noneMatch(Future::isComplete), () -> "every send returned at once, before the "
                    + "client gave up on any record: " + sent.stream().filter(Future::isComplete)
                    .map(f -> String.valueOf(f.cause())).distinct().toList());
        } finally {
            broker.close();
            producer.close();
            KafkaTestSupport.deleteRecursively(dir);
        }
    }

    private static Future<RecordMetadata> send(BusProducer producer, String topic, String value) {
        return producer.send(topic, "k", value.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() + DEADLINE_MS);
    }

    private static void get(Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static List<String> readAll(String bootstrap, String topic) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaSettings.asProperties(
                KafkaSettings.of(bootstrap).consumerConfig(null)))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
