package io.vouch.registrar.internal;

import static io.vouch.registrar.internal.AorRecordCodecTest.binding;
import static io.vouch.registrar.internal.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.runtime.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BindingStoreTest {
    private final MutableClock clock = new MutableClock(T0);
    private final BindingStore store = new BindingStore(clock);

    @Test
    void lookupListsOnlyUnexpiredBindings() {
        store.loadPartition(0, Map.of("alice@example.com", new AorRecord("alice@example.com",
                List.of(binding("sip:alice@192.0.2.1", 60), binding("sip:alice@192.0.2.2", 600)), List.of())));
        assertEquals(2, store.lookup("alice@example.com").size());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of("sip:alice@192.0.2.2"),
                store.lookup("alice@example.com").stream().map(b -> b.contact()).toList());
        assertTrue(store.lookup("bob@example.com").isEmpty());
    }

    @Test
    void expiredReportsWhatTheSweepMustWrite() {
        store.put(3, "alice@example.com", Optional.of(new AorRecord("alice@example.com",
                List.of(binding("sip:alice@192.0.2.1", 60), binding("sip:alice@192.0.2.2", 600)), List.of())));
        store.put(3, "bob@example.com", Optional.of(new AorRecord("bob@example.com",
                List.of(binding("sip:bob@192.0.2.9", 60)), List.of())));
        assertTrue(store.expired(clock.instant()).isEmpty());
        clock.advance(Duration.ofSeconds(61));
        Map<String, BindingStore.Expiry> byAor = new java.util.HashMap<>();
        store.expired(clock.instant()).forEach(e -> byAor.put(e.aor(), e));
        assertEquals(Set.of("alice@example.com", "bob@example.com"), byAor.keySet());
        assertEquals(1, byAor.get("alice@example.com").next().orElseThrow().bindings().size());
        assertTrue(byAor.get("bob@example.com").next().isEmpty(), "no binding left: tombstone");
        assertEquals(3, byAor.get("bob@example.com").partition());
    }

    @Test
    void revokedPartitionsAreForgotten() {
        store.loadPartition(1, Map.of("alice@example.com", new AorRecord("alice@example.com",
                List.of(binding("sip:alice@192.0.2.1", 60)), List.of())));
        store.loadPartition(2, Map.of("bob@example.com", new AorRecord("bob@example.com",
                List.of(binding("sip:bob@192.0.2.1", 60), binding("sip:bob@192.0.2.2", 60)), List.of())));
        assertEquals(3, store.bindingCount());
        store.dropPartitions(Set.of(2));
        assertFalse(store.owns(2));
        assertTrue(store.owns(1));
        assertTrue(store.get("bob@example.com").isEmpty());
        assertEquals(1, store.bindingCount());
        assertEquals(1, store.aorCount());
    }

    @Test
    void bindingCountFollowsPutsAndTombstones() {
        store.put(0, "a@x", Optional.of(new AorRecord("a@x", List.of(binding("sip:a@1", 60)), List.of())));
        store.put(0, "a@x", Optional.of(new AorRecord("a@x",
                List.of(binding("sip:a@1", 60), binding("sip:a@2", 60)), List.of())));
        assertEquals(2, store.bindingCount());
        store.put(0, "a@x", Optional.empty());
        assertEquals(0, store.bindingCount());
    }
}
