package io.vouch.cert.internal;

import io.vouch.runtime.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** {@link CertificateTopic} on Kafka: an idempotent {@code acks=all} producer and a group-less reader. */
public final class KafkaCertificateTopic implements CertificateTopic {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings settings;
    private final String topic;
    private KafkaProducer<byte[], byte[]> producer;

    public KafkaCertificateTopic(KafkaSettings settings, String topic) {
        this.settings = settings.with("producer.max.block.ms", "15000")
                .with("consumer.default.api.timeout.ms", "15000");
        this.topic = topic;
    }

    @Override
    public void write(String key, byte[] value) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaSettings.asProperties(settings.producerConfig()));
        }
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Map<String, byte[]> readAll() {
        Map<String, byte[]> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                KafkaSettings.asProperties(settings.consumerConfig(null)))) {
            List<TopicPartition> tps = c.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        if (r.value() == null) {
                            out.remove(key);
                        } else {
                            out.put(key, r.value());
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
