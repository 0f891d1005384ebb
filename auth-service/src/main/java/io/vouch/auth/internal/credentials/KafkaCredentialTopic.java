package io.vouch.auth.internal.credentials;

import io.vouch.runtime.kafka.CompactedReplay;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@link CredentialTopic} on Kafka: creates the compacted topic when missing, writes with an idempotent
 * {@code acks=all} producer and waits for every acknowledgement, reads by {@link CompactedReplay}.
 */
public final class KafkaCredentialTopic implements CredentialTopic {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings settings;
    private final String topic;
    private final int partitions;
    private KafkaProducer<byte[], byte[]> producer;

    public KafkaCredentialTopic(KafkaSettings settings, String topic, int partitions) {
        this.settings = settings
                .with("producer.max.block.ms", "15000")
                .with("producer.request.timeout.ms", "10000")
                .with("producer.delivery.timeout.ms", "30000")
                .with("admin.request.timeout.ms", "10000")
                .with("admin.default.api.timeout.ms", "15000")
                .with("consumer.request.timeout.ms", "10000")
                .with("consumer.default.api.timeout.ms", "15000");
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Creates the topic (compacted) if it does not exist. */
    public void ensureTopic() throws Exception {
        try (Admin admin = Admin.create(KafkaSettings.asProperties(settings.adminConfig()))) {
            TopicSpec spec = TopicSpec.compacted(topic, partitions);
            NewTopic nt = new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(spec.topicConfigs());
            try {
                admin.createTopics(List.of(nt)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void write(List<Map.Entry<String, byte[]>> records) throws Exception {
        ensureTopic();
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaSettings.asProperties(settings.producerConfig()));
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (Map.Entry<String, byte[]> r : records) {
            acks.add(producer.send(new ProducerRecord<>(topic, r.getKey().getBytes(StandardCharsets.UTF_8),
                    r.getValue())));
        }
        producer.flush();
        for (Future<RecordMetadata> f : acks) {
            f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Map<String, byte[]> readAll() throws Exception {
        ensureTopic();
        return CompactedReplay.all(settings, topic, TIMEOUT);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
