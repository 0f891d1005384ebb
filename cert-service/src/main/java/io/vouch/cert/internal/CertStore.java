package io.vouch.cert.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The publications and subscriptions of the partitions this replica owns, by AOR (both state topics are
 * co-partitioned with {@code vouch.sip.cert}). Mutated only on the stage's event loop; read from any thread.
 */
public final class CertStore {
    private final Map<Integer, Map<String, List<Publication>>> publications = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, List<Subscription>>> subscriptions = new ConcurrentHashMap<>();

    /** Replaces what is held for {@code partition} with freshly loaded state. */
    public void load(int partition, Map<String, List<Publication>> pubs, Map<String, List<Subscription>> subs) {
        publications.put(partition, new ConcurrentHashMap<>(pubs));
        subscriptions.put(partition, new ConcurrentHashMap<>(subs));
    }

    public void drop(Set<Integer> partitions) {
        partitions.forEach(p -> {
            publications.remove(p);
            subscriptions.remove(p);
        });
    }

    public boolean owns(int partition) {
        return publications.containsKey(partition);
    }

    public Set<Integer> partitions() {
        return Set.copyOf(publications.keySet());
    }

    public List<Publication> publications(int partition, String aor) {
        return publications.getOrDefault(partition, Map.of()).getOrDefault(aor, List.of());
    }

    public Optional<Publication> publication(int partition, String aor, String eventPackage) {
        return publications(partition, aor).stream().filter(p -> p.eventPackage().equals(eventPackage)).findFirst();
    }

    public List<Subscription> subscriptions(int partition, String aor) {
        return subscriptions.getOrDefault(partition, Map.of()).getOrDefault(aor, List.of());
    }

    /** Every AOR with subscriptions in {@code partition}, with them (a copy). */
    public Map<String, List<Subscription>> subscriptionsOf(int partition) {
        return new HashMap<>(subscriptions.getOrDefault(partition, Map.of()));
    }

    public void putPublications(int partition, String aor, List<Publication> pubs) {
        Map<String, List<Publication>> m = publications.get(partition);
        if (m != null) {
            if (pubs.isEmpty()) {
                m.remove(aor);
            } else {
                m.put(aor, List.copyOf(pubs));
            }
        }
    }

    public void putSubscriptions(int partition, String aor, List<Subscription> subs) {
        Map<String, List<Subscription>> m = subscriptions.get(partition);
        if (m != null) {
            if (subs.isEmpty()) {
                m.remove(aor);
            } else {
                m.put(aor, List.copyOf(subs));
            }
        }
    }

    /** The AORs of {@code partition} with publications (a copy). */
    public List<String> aorsWithPublications(int partition) {
        return List.copyOf(publications.getOrDefault(partition, Map.of()).keySet());
    }

    /** Subscriptions held, over all owned partitions. */
    public int subscriptionCount() {
        return subscriptions.values().stream().mapToInt(m -> m.values().stream().mapToInt(List::size).sum()).sum();
    }
}
