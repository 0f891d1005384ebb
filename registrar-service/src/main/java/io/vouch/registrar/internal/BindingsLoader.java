package io.vouch.registrar.internal;

import io.vouch.proto.Topics;
import io.vouch.runtime.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays partitions of the compacted {@code vouch.bindings} topic from the beginning to their end offset, the way a
 * newly assigned replica rebuilds the AORs it now owns. Blocking: call from a worker thread.
 */
public final class BindingsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(BindingsLoader.class);

    private final KafkaSettings kafka;
    private final String stateTopic;
    private final String inputTopic;
    private final Duration timeout;

    public BindingsLoader(KafkaSettings kafka, String stateTopic, String inputTopic, Duration timeout) {
        this.kafka = kafka;
        this.stateTopic = stateTopic;
        this.inputTopic = inputTopic;
        this.timeout = timeout;
    }

    /** For the default topics {@link Topics#BINDINGS} and {@link Topics#REGISTRAR}. */
    public static BindingsLoader of(KafkaSettings kafka) {
        return new BindingsLoader(kafka, Topics.BINDINGS, Topics.REGISTRAR, Duration.ofSeconds(30));
    }

    /**
     * The AOR records of {@code partitions} as of their end offsets now. Throws IllegalStateException when the state
     * topic is missing, is not co-partitioned with the input topic, or cannot be read within the timeout.
     */
    public Map<Integer, Map<String, AorRecord>> load(Set<Integer> partitions) {
        Map<String, String> cfg = kafka.consumerConfig(null);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.asProperties(cfg))) {
            checkCoPartitioned(consumer);
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(stateTopic, p)).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
            Map<Integer, Map<String, AorRecord>> out = new HashMap<>();
            for (int p : partitions) {
                out.put(p, new HashMap<>());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            int undecodable = 0;
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + stateTopic + " " + partitions + " took over "
                            + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String aor = new String(r.key(), StandardCharsets.UTF_8);
                    Map<String, AorRecord> m = out.get(r.partition());
                    if (r.value() == null) {
                        m.remove(aor);
                        continue;
                    }
                    Optional<AorRecord> rec = AorRecordCodec.decode(r.value());
                    if (rec.isPresent()) {
                        m.put(aor, rec.get());
                    } else {
                        undecodable++;
                    }
                }
            }
            if (undecodable > 0) {
                LOG.warn("Skipped {} undecodable records in {} {}", undecodable, stateTopic, partitions);
            }
            return out;
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void checkCoPartitioned(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> state = consumer.partitionsFor(stateTopic, timeout);
        List<PartitionInfo> input = consumer.partitionsFor(inputTopic, timeout);
        if (state == null || state.isEmpty()) {
            throw new IllegalStateException("state topic " + stateTopic + " does not exist");
        }
        if (input != null && !input.isEmpty() && input.size() != state.size()) {
            throw new IllegalStateException(stateTopic + " has " + state.size() + " partitions but " + inputTopic
                    + " has " + input.size() + ": they must be co-partitioned");
        }
    }
}
