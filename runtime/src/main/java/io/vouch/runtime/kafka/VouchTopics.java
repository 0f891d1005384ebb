package io.vouch.runtime.kafka;

import io.vouch.proto.Topics;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.util.List;

/**
 * The topic layout of a Vouch deployment, from the names in {@link Topics}: stage topics (delete policy, short
 * retention since a SIP transaction is over within a minute), compacted state topics, and per-edge reply topics.
 */
public final class VouchTopics {
    /** Stage events are useless after their transaction deadline; an hour leaves room for inspection. */
    public static final Duration STAGE_RETENTION = Duration.ofHours(1);
    /** Replies matter only to the live edge. */
    public static final Duration REPLY_RETENTION = Duration.ofMinutes(10);
    /** Default partition count of one edge's reply topic. */
    public static final int DEFAULT_REPLY_PARTITIONS = 1;

    private VouchTopics() {
    }

    /**
     * Every shared topic: the six stage topics with {@code partitions} partitions each, and the compacted state
     * topics; {@link Topics#BINDINGS} has the same count as {@link Topics#REGISTRAR} so bindings are co-partitioned
     * with the registrar's input, as is {@link Topics#DELIVER}. Edge reply topics are not included: each edge creates its own with
     * {@link #edgeReplies(String)}.
     */
    public static List<TopicSpec> defaults(int partitions) {
        return List.of(
                TopicSpec.stream(Topics.AUTH, partitions, STAGE_RETENTION),
                TopicSpec.stream(Topics.BODY, partitions, STAGE_RETENTION),
                TopicSpec.stream(Topics.REGISTRAR, partitions, STAGE_RETENTION),
                TopicSpec.stream(Topics.IDENTITY, partitions, STAGE_RETENTION),
                TopicSpec.stream(Topics.MEDIA, partitions, STAGE_RETENTION),
                TopicSpec.stream(Topics.CERT, partitions, STAGE_RETENTION),
                TopicSpec.stream(Topics.DELIVER, partitions, STAGE_RETENTION),
                TopicSpec.compacted(Topics.CREDENTIALS, partitions),
                TopicSpec.compacted(Topics.BINDINGS, partitions),
                TopicSpec.compacted(Topics.CERTIFICATES, partitions),
                TopicSpec.compacted(Topics.CERT_SUBSCRIPTIONS, partitions),
                TopicSpec.compacted(Topics.TN_ASSIGNMENTS, partitions));
    }

    /** As {@link #defaults(int)} with an explicit replication factor for every topic. */
    public static List<TopicSpec> defaults(int partitions, int replicationFactor) {
        return defaults(partitions).stream().map(t -> t.withReplicationFactor(replicationFactor)).toList();
    }

    /**
     * The partition Kafka's default partitioner picks for {@code key} among {@code partitions}: two topics with the
     * same partition count place a key on the same partition number (how bindings stay co-partitioned with the
     * registrar's input).
     */
    public static int partitionFor(String key, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The reply topic of edge {@code edgeId} ({@link Topics#edgeReplies(String)}), one partition. */
    public static TopicSpec edgeReplies(String edgeId) {
        return edgeReplies(edgeId, DEFAULT_REPLY_PARTITIONS);
    }

    /** The reply topic of edge {@code edgeId} with {@code partitions} partitions. */
    public static TopicSpec edgeReplies(String edgeId, int partitions) {
        return TopicSpec.stream(Topics.edgeReplies(edgeId), partitions, REPLY_RETENTION);
    }
}
