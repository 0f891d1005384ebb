package io.vouch.runtime.kafka;

import io.vouch.runtime.internal.TailLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;

/**
 * The one replay of a compacted topic, like restoring a Kafka Streams KTable: reads partitions from the beginning up
 * to the end offsets seen at the start and keeps the latest value per key; a tombstone removes the key, a record
 * without key is ignored. Credentials, bindings, TN assignments and certificates all load through it ({@link
 * CompactedTable} follows on with the same rule). Blocking: call from a worker thread.
 */
public final class CompactedReplay {
    private CompactedReplay() {
    }

    /**
     * The latest value of every live key of {@code topic}'s {@code partitions} (empty set: all), per partition.
     * Throws {@link IllegalStateException} when the topic or a partition is missing or the read takes longer than
     * {@code timeout}.
     */
    public static Map<Integer, Map<String, byte[]>> byPartition(KafkaSettings kafka, String topic,
                                                                Set<Integer> partitions, Duration timeout) {
        Map<Integer, Map<String, byte[]>> out = new HashMap<>();
        partitions.forEach(p -> out.put(p, new HashMap<>()));
        TailLoop loop = new TailLoop("vouch-replay-" + topic, kafka, topic, partitions, true, false, batch -> {
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                apply(out.computeIfAbsent(r.partition(), p -> new HashMap<>()), r);
            }
        });
        try {
            loop.start().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            loop.close().get(timeout.toMillis(), TimeUnit.MILLISECONDS); // no batch arrives after this
            return out;
        } catch (TimeoutException e) {
            loop.close();
            throw new IllegalStateException("reading " + topic + " " + partitions + " took over "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            loop.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + topic, e);
        }
    }

    /** The latest value of every live key of the whole {@code topic}; see {@link #byPartition}. */
    public static Map<String, byte[]> all(KafkaSettings kafka, String topic, Duration timeout) {
        Map<String, byte[]> out = new HashMap<>();
        byPartition(kafka, topic, Set.of(), timeout).values().forEach(out::putAll);
        return out;
    }

    /**
     * Throws {@link IllegalStateException} unless {@code stateTopic} exists and has as many partitions as
     * {@code inputTopic} (when that exists): a replica owning input partition n must find its state in partition n.
     * Returns the partition count of {@code stateTopic}.
     */
    public static int requireCoPartitioned(KafkaSettings kafka, String stateTopic, String inputTopic,
                                            Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                KafkaSettings.asProperties(kafka.consumerConfig(null)))) {
            List<PartitionInfo> state = c.partitionsFor(stateTopic, timeout);
            List<PartitionInfo> input = c.partitionsFor(inputTopic, timeout);
            if (state == null || state.isEmpty()) {
                throw new IllegalStateException("state topic " + stateTopic + " does not exist");
            }
            if (input != null && !input.isEmpty() && input.size() != state.size()) {
                throw new IllegalStateException(stateTopic + " has " + state.size() + " partitions but "
                        + inputTopic + " has " + input.size() + ": they must be co-partitioned");
            }
            return state.size();
        }
    }

    /** Applies one record to {@code values} by the compaction rule; returns its key, or null when it has none. */
    static String apply(Map<String, byte[]> values, ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return null;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            values.remove(key);
        } else {
            values.put(key, r.value());
        }
        return key;
    }
}
