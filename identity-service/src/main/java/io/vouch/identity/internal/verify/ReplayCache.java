package io.vouch.identity.internal.verify;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers PASSporT signatures seen within the freshness window (RFC 8224 §12.1 replay protection), bounded in
 * size. A signature seen again on the same call (a retransmission or a redelivered record) is not a replay.
 */
public final class ReplayCache {
    private record Seen(String callKey, Instant expires) {
    }

    private final int maxEntries;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();

    public ReplayCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("replay cache needs at least one entry");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Records the signature for {@code callKey} until {@code expires}; false when another call already used it
     * and that use has not expired.
     */
    public synchronized boolean firstUse(String signature, String callKey, Instant now, Instant expires) {
        purge(now);
        Seen prior = seen.get(signature);
        if (prior != null && now.isBefore(prior.expires())) {
            return prior.callKey().equals(callKey);
        }
        seen.remove(signature);
        seen.put(signature, new Seen(callKey, expires));
        if (seen.size() > maxEntries) {
            Iterator<String> it = seen.keySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    public synchronized int size() {
        return seen.size();
    }

    /** Entries are inserted roughly in expiry order, so expired ones sit at the head. */
    private void purge(Instant now) {
        Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator();
        int budget = 64;
        while (it.hasNext() && budget-- > 0) {
            if (now.isBefore(it.next().getValue().expires())) {
                return;
            }
            it.remove();
        }
    }
}
