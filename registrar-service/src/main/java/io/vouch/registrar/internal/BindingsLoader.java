package io.vouch.registrar.internal;

import io.vouch.proto.Topics;
import io.vouch.runtime.kafka.CompactedReplay;
import io.vouch.runtime.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the AORs of newly assigned partitions from the compacted {@code vouch.bindings} topic
 * ({@link CompactedReplay}), decoding each record. Blocking: call from a worker thread.
 */
public final class BindingsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(BindingsLoader.class);

    private final KafkaSettings kafka;
    private final String stateTopic;
    private final String inputTopic;
    private final Duration timeout;
    private volatile int partitionCount;

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

    /** The partition count of the state topic (and the input topics), as of the last load; 0 before the first. */
    public int partitionCount() {
        return partitionCount;
    }

    /**
     * The AOR records of {@code partitions} as of their end offsets now. Throws IllegalStateException when the state
     * topic is missing, is not co-partitioned with the input topic, or cannot be read within the timeout.
     */
    public Map<Integer, Map<String, AorRecord>> load(Set<Integer> partitions) {
        partitionCount = CompactedReplay.requireCoPartitioned(kafka, stateTopic, inputTopic, timeout);
        Map<Integer, Map<String, AorRecord>> out = new HashMap<>();
        int undecodable = 0;
        for (var partition : CompactedReplay.byPartition(kafka, stateTopic, partitions, timeout).entrySet()) {
            Map<String, AorRecord> records = new HashMap<>();
            for (var e : partition.getValue().entrySet()) {
                Optional<AorRecord> rec = AorRecordCodec.decode(e.getValue());
                if (rec.isPresent()) {
                    records.put(e.getKey(), rec.get());
                } else {
                    undecodable++;
                }
            }
            out.put(partition.getKey(), records);
        }
        if (undecodable > 0) {
            LOG.warn("Skipped {} undecodable records in {} {}", undecodable, stateTopic, partitions);
        }
        return out;
    }
}
