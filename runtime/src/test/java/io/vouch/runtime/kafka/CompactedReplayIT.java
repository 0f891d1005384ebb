package io.vouch.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.runtime.testing.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompactedReplayIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static void write(String topic, Integer partition, String key, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                KafkaSettings.asProperties(KafkaTestSupport.settings().producerConfig()))) {
            p.send(new ProducerRecord<>(topic, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Test
    void keepsTheLatestValuePerKeyAndDropsTombstonedKeys() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("replay");
        KafkaTestSupport.createTopics(List.of(TopicSpec.compacted(topic, 3)));
        write(topic, null, "alice", "v1");
        write(topic, null, "bob", "b1");
        write(topic, null, "alice", "v2");
        write(topic, null, "carol", "c1");
        write(topic, null, "carol", null);

        Map<String, byte[]> all = CompactedReplay.all(KafkaTestSupport.settings(), topic, TIMEOUT);
        assertEquals(Set.of("alice", "bob"), all.keySet());
        assertEquals("v2", s(all.get("alice")));
        assertEquals("b1", s(all.get("bob")));
    }

    @Test
    void readsOnlyTheAskedPartitionsEachUnderItsNumber() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("replay-parts");
        KafkaTestSupport.createTopics(List.of(TopicSpec.compacted(topic, 3)));
        for (String k : List.of("k1", "k2", "k3", "k4", "k5", "k6")) {
            write(topic, null, k, "v-" + k);
        }
        int p = partitionOf("k1", 3);
        Map<Integer, Map<String, byte[]>> read = CompactedReplay.byPartition(KafkaTestSupport.settings(), topic,
                Set.of(p), TIMEOUT);
        assertEquals(Set.of(p), read.keySet());
        assertTrue(read.get(p).containsKey("k1"));
        for (String k : read.get(p).keySet()) {
            assertEquals(p, partitionOf(k, 3), k + " is not in partition " + p);
        }
    }

    @Test
    void anEmptyPartitionIsReadAsEmpty() {
        String topic = KafkaTestSupport.uniqueTopic("replay-empty");
        KafkaTestSupport.createTopics(List.of(TopicSpec.compacted(topic, 2)));
        assertEquals(Map.of(0, Map.of(), 1, Map.of()),
                CompactedReplay.byPartition(KafkaTestSupport.settings(), topic, Set.of(0, 1), TIMEOUT));
    }

    @Test
    void refusesAMissingTopicOrPartitionAndStateNotCoPartitionedWithItsInput() {
        String missing = KafkaTestSupport.uniqueTopic("replay-missing");
        assertThrows(IllegalStateException.class,
                () -> CompactedReplay.all(KafkaTestSupport.settings(), missing, TIMEOUT));
        String state = KafkaTestSupport.uniqueTopic("replay-state");
        String input = KafkaTestSupport.uniqueTopic("replay-input");
        KafkaTestSupport.createTopics(List.of(TopicSpec.compacted(state, 2), TopicSpec.compacted(input, 3)));
        assertThrows(IllegalStateException.class,
                () -> CompactedReplay.byPartition(KafkaTestSupport.settings(), state, Set.of(5), TIMEOUT));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CompactedReplay.requireCoPartitioned(KafkaTestSupport.settings(), state, input, TIMEOUT));
        assertTrue(e.getMessage().contains("co-partitioned"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> CompactedReplay.requireCoPartitioned(KafkaTestSupport.settings(), missing, input, TIMEOUT));
        assertEquals(2, CompactedReplay.requireCoPartitioned(KafkaTestSupport.settings(), state, missing, TIMEOUT),
                "the state topic's partition count");
    }
}
