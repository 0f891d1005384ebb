package io.vouch.runtime.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vouch.runtime.testing.Await;
import io.vouch.runtime.testing.KafkaTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompactedTableIT {
    private Vertx vertx;
    private BusProducer producer;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        producer = BusProducer.create(KafkaTestSupport.settings(), new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() throws Exception {
        producer.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private void write(String topic, String key, String value) throws Exception {
        producer.send(topic, key, value == null ? null : b(value)).await(10, TimeUnit.SECONDS);
    }

    @Test
    void loadsTheLatestValuePerKeyAndFollowsLaterChanges() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("table");
        KafkaTestSupport.createTopics(List.of(TopicSpec.compacted(topic, 3)));
        write(topic, "alice", "v1");
        write(topic, "bob", "b1");
        write(topic, "alice", "v2");
        write(topic, "carol", "c1");
        write(topic, "carol", null);

        CompactedTable table = CompactedTable.open(vertx, KafkaTestSupport.settings(), topic, Set.of())
                .await(20, TimeUnit.SECONDS);
        try {
            assertEquals(Set.of(0, 1, 2), table.partitions());
            assertEquals(2, table.size(), "tombstoned carol is gone once open completes");
            assertEquals("v2", s(table.get("alice").orElseThrow()));
            assertEquals("b1", s(table.get("bob").orElseThrow()));
            assertTrue(table.get("carol").isEmpty());

            List<String> changes = new CopyOnWriteArrayList<>();
            table.onChange((k, v) -> changes.add(k + "=" + (v == null ? "null" : s(v))));
            write(topic, "bob", null);
            write(topic, "dave", "d1");
            Await.until(() -> changes.size() == 2, Duration.ofSeconds(15), "two changes");
            assertTrue(changes.containsAll(List.of("bob=null", "dave=d1")), changes.toString());
            assertTrue(table.get("bob").isEmpty());
            assertEquals(Set.of("alice", "dave"), table.snapshot().keySet());
        } finally {
            table.close();
        }
    }

    @Test
    void loadsOnlyTheRequestedPartitionsAndStopsInLoadOnlyMode() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("table-part");
        int partitions = 4;
        KafkaTestSupport.createTopics(List.of(TopicSpec.compacted(topic, partitions)));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add("user" + i + "@example.com");
            write(topic, keys.get(i), "binding" + i);
        }
        int mine = VouchTopics.partitionFor(keys.get(0), partitions);
        CompactedTable table = CompactedTable.open(vertx, KafkaTestSupport.settings(), topic, Set.of(mine),
                CompactedTable.Mode.LOAD_ONLY).await(20, TimeUnit.SECONDS);
        try {
            List<String> expected = keys.stream().filter(k -> VouchTopics.partitionFor(k, partitions) == mine)
                    .sorted().toList();
            assertEquals(expected, table.snapshot().keySet().stream().sorted().toList());

            // load-only: later records are not applied; the owner applies its own writes
            write(topic, keys.get(0), "changed elsewhere");
            Thread.sleep(500);
            assertEquals("binding0", s(table.get(keys.get(0)).orElseThrow()));
            vertx.runOnContext(v -> table.put(keys.get(0), b("mine")));
            Await.until(() -> "mine".equals(table.get(keys.get(0)).map(CompactedTableIT::s).orElse("")), Duration.ofSeconds(15), "local put");
        } finally {
            table.close();
        }
    }

    @Test
    void failsToOpenAMissingTopic() {
        Future<CompactedTable> f = CompactedTable.open(vertx, KafkaTestSupport.settings(),
                KafkaTestSupport.uniqueTopic("missing"), Set.of());
        Exception e = assertThrows(Exception.class, () -> f.await(30, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("does not exist"), e.toString());
    }
}
