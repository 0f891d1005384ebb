package io.vouch.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {
    @Test
    void leavesBothToTheBrokerByDefault() {
        TopicPolicy p = TopicPolicy.from(new JsonObject());
        assertEquals(TopicPolicy.BROKER_DEFAULTS, p);
        TopicSpec spec = p.apply(TopicSpec.compacted("vouch.bindings", 6));
        assertEquals(-1, spec.replicationFactor());
        assertFalse(spec.topicConfigs().containsKey("min.insync.replicas"));
    }

    @Test
    void setsTheReplicationFactorAndMinimumInSyncReplicasOfEveryTopic() {
        TopicPolicy p = TopicPolicy.from(new JsonObject().put("topics.replication.factor", "3")
                .put("topics.min.insync.replicas", 2));
        List<TopicSpec> specs = p.apply(VouchTopics.defaults(6));
        assertEquals(VouchTopics.defaults(6).size(), specs.size());
        for (TopicSpec s : specs) {
            assertEquals(3, s.replicationFactor(), s.name());
            assertEquals("2", s.topicConfigs().get("min.insync.replicas"), s.name());
            assertEquals(6, s.partitions());
        }
        TopicSpec bindings = specs.stream().filter(s -> s.name().equals("vouch.bindings")).findFirst().orElseThrow();
        assertEquals("compact", bindings.topicConfigs().get("cleanup.policy"));
    }

    @Test
    void rejectsAMinimumAboveTheFactorAndBadValuesNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> TopicPolicy.from(new JsonObject()
                .put("topics.replication.factor", 2).put("topics.min.insync.replicas", 3)));
        assertTrue(e.getMessage().contains("topics.min.insync.replicas"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TopicPolicy.from(new JsonObject()
                .put("topics.replication.factor", 0)));
        assertTrue(e.getMessage().contains("topics.replication.factor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TopicPolicy.from(new JsonObject()
                .put("topics.min.insync.replicas", "two")));
        assertTrue(e.getMessage().contains("topics.min.insync.replicas"), e.getMessage());
    }
}
