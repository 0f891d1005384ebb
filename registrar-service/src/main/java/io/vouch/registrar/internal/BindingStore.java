package io.vouch.registrar.internal;

import io.vouch.registrar.Binding;
import io.vouch.registrar.LocationService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory materialization of the {@code vouch.bindings} partitions this replica owns (RFC 3261 §10.3 location
 * service): one {@link AorRecord} per AOR, tagged with its partition so a revoked partition's state is forgotten.
 * Writes come from the registrar stage's event loop; lookups may come from any thread.
 */
public final class BindingStore implements LocationService {
    private record Entry(int partition, AorRecord record) {
    }

    private final Map<String, Entry> byAor = new ConcurrentHashMap<>();
    /** Temporary GRUU token → AOR (RFC 5627 §3.2), for the bindings held here. */
    private final Map<String, String> tempGruus = new ConcurrentHashMap<>();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final AtomicLong bindings = new AtomicLong();
    private final Clock clock;

    public BindingStore(Clock clock) {
        this.clock = clock;
    }

    /** The stored record of {@code aor}, expired bindings included. */
    public Optional<AorRecord> get(String aor) {
        Entry e = byAor.get(aor);
        return e == null ? Optional.empty() : Optional.of(e.record());
    }

    /** Stores {@code record} for {@code aor} in {@code partition}, or forgets the AOR when empty (a tombstone). */
    public void put(int partition, String aor, Optional<AorRecord> record) {
        Entry old = record.isPresent() ? byAor.put(aor, new Entry(partition, record.get())) : byAor.remove(aor);
        if (old != null) {
            unindex(old.record());
        }
        record.ifPresent(r -> r.bindings().forEach(b -> {
            if (!b.tempGruu().isEmpty()) {
                tempGruus.put(b.tempGruu(), aor);
            }
        }));
        bindings.addAndGet(record.map(r -> r.bindings().size()).orElse(0)
                - (old == null ? 0 : old.record().bindings().size()));
    }

    /** Replaces everything known about {@code partition} with {@code records} (the replayed topic) and owns it. */
    public void loadPartition(int partition, Map<String, AorRecord> records) {
        forget(partition);
        records.forEach((aor, r) -> put(partition, aor, Optional.of(r)));
        owned.add(partition);
    }

    /** Forgets the state of {@code partitions}: another replica owns them now. */
    public void dropPartitions(Set<Integer> partitions) {
        for (int p : partitions) {
            owned.remove(p);
            forget(p);
        }
    }

    private void forget(int partition) {
        byAor.entrySet().removeIf(e -> {
            if (e.getValue().partition() == partition) {
                unindex(e.getValue().record());
                bindings.addAndGet(-e.getValue().record().bindings().size());
                return true;
            }
            return false;
        });
    }

    private void unindex(AorRecord r) {
        r.bindings().forEach(b -> {
            if (!b.tempGruu().isEmpty()) {
                tempGruus.remove(b.tempGruu(), r.aor());
            }
        });
    }

    /** Whether the state of {@code partition} has been loaded here and not revoked since. */
    public boolean owns(int partition) {
        return owned.contains(partition);
    }

    /** Bindings held (unexpired ones plus any expired since the last sweep). */
    public long bindingCount() {
        return bindings.get();
    }

    /** AORs held. */
    public int aorCount() {
        return byAor.size();
    }

    @Override
    public List<Binding> lookup(String aor) {
        Entry e = byAor.get(aor);
        return e == null ? List.of() : e.record().live(clock.instant());
    }

    @Override
    public Optional<Binding> resolveGruu(String uri) {
        return Gruus.parse(uri).flatMap(g -> switch (g) {
            case Gruus.Public p -> lookup(p.aor()).stream()
                    .filter(b -> !b.instanceId().isEmpty() && Gruus.urn(b.instanceId()).equalsIgnoreCase(p.instance()))
                    .findFirst();
            case Gruus.Temporary t -> Optional.ofNullable(tempGruus.get(t.token()))
                    .flatMap(aor -> lookup(aor).stream().filter(b -> b.tempGruu().equals(t.token())).findFirst());
        });
    }

    /** One AOR whose expired bindings the sweep removes: its new record (empty: tombstone) and how many expired. */
    public record Expiry(String aor, int partition, Optional<AorRecord> next, int expired) {
    }

    /** The AORs holding bindings expired at {@code now}, with the record that remains once they are removed. */
    public List<Expiry> expired(Instant now) {
        List<Expiry> out = new ArrayList<>();
        byAor.forEach((aor, e) -> {
            int n = e.record().expiredCount(now);
            if (n > 0) {
                List<Binding> live = e.record().live(now);
                Optional<AorRecord> next = live.isEmpty() ? Optional.empty()
                        : Optional.of(new AorRecord(aor, live, e.record().recent()));
                out.add(new Expiry(aor, e.partition(), next, n));
            }
        });
        return out;
    }
}
