package io.vouch.cert.internal;

import io.vouch.runtime.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Replays partitions of a compacted state topic from the beginning to their end offsets (how a newly assigned replica
 * rebuilds the AORs it now owns); checks the topic is co-partitioned with the input. Blocking: call from a worker.
 */
public final class StateLoader {
    private final KafkaSettings kafka;
    private final String inputTopic;
    private final Duration timeout;

    public StateLoader(KafkaSettings kafka, String inputTopic, Duration timeout) {
        this.kafka = kafka;
        this.inputTopic = inputTopic;
        this.timeout = timeout;
    }

    /** Key to latest value of every live key in {@code partitions} of {@code topic}, per partition. */
    public Map<Integer, Map<String, byte[]>> load(String topic, Set<Integer> partitions) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                KafkaSettings.asProperties(kafka.consumerConfig(null)))) {
            List<PartitionInfo> state = c.partitionsFor(topic, timeout);
            List<PartitionInfo> input = c.partitionsFor(inputTopic, timeout);
            if (state == null || state.isEmpty()) {
                throw new IllegalStateException("state topic " + topic + " does not exist");
            }
            if (input != null && !input.isEmpty() && input.size() != state.size()) {
                throw new IllegalStateException(topic + " has " + state.size() + " partitions but " + inputTopic
                        + " has " + input.size() + ": they must be co-partitioned");
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, timeout);
            Map<Integer, Map<String, byte[]>> out = new HashMap<>();
            partitions.forEach(p -> out.put(p, new HashMap<>()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " " + partitions + " took too long");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        out.get(r.partition()).remove(key);
                    } else {
                        out.get(r.partition()).put(key, r.value());
                    }
                }
            }
            return out;
        }
    }
}
