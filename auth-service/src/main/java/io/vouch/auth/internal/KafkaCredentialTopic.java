package io.vouch.auth.internal;

import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@link CredentialTopic} on Kafka: creates the compacted topic when missing, writes with an idempotent
 * {@code acks=all} producer and waits for every acknowledgement, reads with a group-less consumer up to the end
 * offsets taken at the start of the read.
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
        Map<String, byte[]> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                KafkaSettings.asProperties(settings.consumerConfig(null)))) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, TIMEOUT)) {
                tps.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!caughtUp(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        out.remove(key);
                    } else {
                        out.put(key, r.value());
                    }
                }
            }
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
