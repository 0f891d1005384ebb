package io.vouch.runtime.kafka;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;

import java.util.List;

/**
 * How Vouch creates its topics on a cluster: the replication factor and the {@code min.insync.replicas} of every
 * topic it creates (existing topics are never altered). With {@code acks=all} producers, a record is acknowledged
 * only once {@code min.insync.replicas} replicas hold it, so a cluster of three with factor 3 and minimum 2 loses no
 * acknowledged record when one broker dies and keeps accepting writes.
 *
 * <p>Configuration keys: {@code topics.replication.factor} (default {@code -1}: the broker's
 * {@code default.replication.factor}) and {@code topics.min.insync.replicas} (default {@code 0}: the broker's
 * {@code min.insync.replicas}).
 */
public record TopicPolicy(int replicationFactor, int minInsyncReplicas) {
    public static final String REPLICATION_FACTOR_KEY = "topics.replication.factor";
    public static final String MIN_INSYNC_REPLICAS_KEY = "topics.min.insync.replicas";
    /** The {@code topics.*} keys. */
    public static final ConfigDef DEF = ConfigDef.part("topics", "topics.")
            .define(REPLICATION_FACTOR_KEY, Type.INT, -1, Validator.between(-1, Short.MAX_VALUE), Importance.HIGH,
                    "replication factor of the topics Vouch creates (-1: the broker's default.replication.factor)")
            .define(MIN_INSYNC_REPLICAS_KEY, Type.INT, 0, Validator.between(0, Short.MAX_VALUE), Importance.HIGH,
                    "their min.insync.replicas (0: the broker's); with acks=all a write is acknowledged once that "
                            + "many replicas hold it");
    /** Broker defaults for both. */
    public static final TopicPolicy BROKER_DEFAULTS = new TopicPolicy(-1, 0);

    public TopicPolicy {
        if (replicationFactor == 0 || replicationFactor < -1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(REPLICATION_FACTOR_KEY + " must be -1 (broker default) or >= 1: "
                    + replicationFactor);
        }
        if (minInsyncReplicas < 0) {
            throw new IllegalArgumentException(MIN_INSYNC_REPLICAS_KEY + " must be 0 (broker default) or >= 1: "
                    + minInsyncReplicas);
        }
        if (replicationFactor > 0 && minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(MIN_INSYNC_REPLICAS_KEY + " (" + minInsyncReplicas
                    + ") must not exceed " + REPLICATION_FACTOR_KEY + " (" + replicationFactor + ")");
        }
    }

    /** Reads the two keys; a bad value fails naming the key. */
    public static TopicPolicy from(JsonObject config) {
        Config r = DEF.parse(config);
        return new TopicPolicy(r.getInt(REPLICATION_FACTOR_KEY), r.getInt(MIN_INSYNC_REPLICAS_KEY));
    }

    /** {@code spec} with this policy's replication factor and minimum in-sync replicas, where they are set. */
    public TopicSpec apply(TopicSpec spec) {
        TopicSpec out = replicationFactor > 0 ? spec.withReplicationFactor(replicationFactor) : spec;
        return minInsyncReplicas > 0 ? out.withConfig("min.insync.replicas", Integer.toString(minInsyncReplicas))
                : out;
    }

    /** Every spec of {@code specs} with this policy applied. */
    public List<TopicSpec> apply(List<TopicSpec> specs) {
        return specs.stream().map(this::apply).toList();
    }
}
