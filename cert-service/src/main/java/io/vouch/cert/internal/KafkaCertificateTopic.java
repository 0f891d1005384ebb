package io.vouch.cert.internal;

import io.vouch.runtime.kafka.CompactedReplay;
import io.vouch.runtime.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@link CertificateTopic} on Kafka: an idempotent {@code acks=all} producer; reads by {@link CompactedReplay}. */
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
        return CompactedReplay.all(settings, topic, TIMEOUT);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
