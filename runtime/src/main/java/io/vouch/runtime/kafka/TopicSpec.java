package io.vouch.runtime.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic Vouch needs: name, partition count, replication factor ({@code -1} = broker default), cleanup policy and
 * retention ({@code null} = broker default), plus any further topic configs.
 */
public record TopicSpec(String name, int partitions, short replicationFactor, boolean compacted, Duration retention,
                        Map<String, String> configs) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 for " + name + ": " + partitions);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("replication factor must be >= 1 or -1 for " + name);
        }
        if (retention != null && retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative for " + name);
        }
        configs = Map.copyOf(configs);
    }

    /** A delete-policy topic (stage and reply topics) with the given retention. */
    public static TopicSpec stream(String name, int partitions, Duration retention) {
        return new TopicSpec(name, partitions, (short) -1, false, retention, Map.of());
    }

    /** A compacted state topic: the latest value per key is kept forever; tombstones delete keys. */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, (short) -1, true, null, Map.of());
    }

    /** Returns a copy with an explicit replication factor. */
    public TopicSpec withReplicationFactor(int rf) {
        return new TopicSpec(name, partitions, (short) rf, compacted, retention, configs);
    }

    /** Returns a copy with another partition count. */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, replicationFactor, compacted, retention, configs);
    }

    /** Returns a copy with one more topic config. */
    public TopicSpec withConfig(String key, String value) {
        Map<String, String> m = new TreeMap<>(configs);
        m.put(key, value);
        return new TopicSpec(name, partitions, replicationFactor, compacted, retention, m);
    }

    /** The topic configs to create the topic with: cleanup policy, retention, then {@link #configs()}. */
    public Map<String, String> topicConfigs() {
        Map<String, String> m = new TreeMap<>();
        m.put("cleanup.policy", compacted ? "compact" : "delete");
        if (retention != null) {
            m.put("retention.ms", Long.toString(retention.toMillis()));
        }
        m.putAll(configs);
        return m;
    }
}
