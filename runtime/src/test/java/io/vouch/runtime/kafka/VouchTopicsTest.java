package io.vouch.runtime.kafka;

import io.vouch.proto.Topics;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VouchTopicsTest {

    @Test
    void coversEveryTopicWithStateTopicsCompacted() {
        Map<String, TopicSpec> byName = VouchTopics.defaults(6).stream()
                .collect(Collectors.toMap(TopicSpec::name, t -> t));
        assertEquals(Set.of(Topics.AUTH, Topics.REGISTRAR, Topics.IDENTITY, Topics.MEDIA, Topics.CERT,
                Topics.DELIVER, Topics.BODY, Topics.CREDENTIALS, Topics.BINDINGS, Topics.CERTIFICATES,
                Topics.CERT_SUBSCRIPTIONS, Topics.TN_ASSIGNMENTS), byName.keySet());
        for (String state : Set.of(Topics.CREDENTIALS, Topics.BINDINGS, Topics.CERTIFICATES, Topics.CERT_SUBSCRIPTIONS,
                Topics.TN_ASSIGNMENTS)) {
            assertEquals("compact", byName.get(state).topicConfigs().get("cleanup.policy"), state);
            assertFalse(byName.get(state).topicConfigs().containsKey("retention.ms"), state);
        }
        assertEquals("delete", byName.get(Topics.AUTH).topicConfigs().get("cleanup.policy"));
        assertEquals(byName.get(Topics.REGISTRAR).partitions(), byName.get(Topics.BINDINGS).partitions());
        assertEquals(byName.get(Topics.CERT).partitions(), byName.get(Topics.CERT_SUBSCRIPTIONS).partitions());
        assertEquals(byName.get(Topics.CERT).partitions(), byName.get(Topics.CERTIFICATES).partitions());
        assertEquals(3, VouchTopics.defaults(6, 3).get(0).replicationFactor());
    }

    @Test
    void edgeReplyTopicUsesTheEdgeIdAndShortRetention() {
        TopicSpec t = VouchTopics.edgeReplies("edge-1");
        assertEquals("vouch.edge.edge-1", t.name());
        assertEquals(Long.toString(VouchTopics.REPLY_RETENTION.toMillis()), t.topicConfigs().get("retention.ms"));
        assertThrows(IllegalArgumentException.class, () -> VouchTopics.edgeReplies("bad id"));
    }

    @Test
    void partitionForAgreesWithTheProducersDefaultPartitioner() {
        for (String key : new String[] {"alice@example.com", "bob@example.org", "+15551234567", "x"}) {
            for (int n : new int[] {1, 3, 12}) {
                int expected = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), n);
                assertEquals(expected, VouchTopics.partitionFor(key, n), key + " over " + n);
            }
        }
    }

    @Test
    void rejectsImpossibleSpecs() {
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.stream("t", 0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.compacted("t", 1).withReplicationFactor(0));
        assertTrue(TopicSpec.compacted("t", 1).withConfig("min.compaction.lag.ms", "0").topicConfigs()
                .containsKey("min.compaction.lag.ms"));
    }
}
