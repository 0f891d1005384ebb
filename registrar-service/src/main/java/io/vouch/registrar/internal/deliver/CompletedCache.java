package io.vouch.registrar.internal.deliver;

import io.vouch.proto.SipReply;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The final responses of recently answered requests, so a redelivered request (at-least-once input) is answered
 * again rather than delivered twice. Bounded in count and age. Not thread-safe: the stage's event loop only.
 */
final class CompletedCache {
    private record Entry(String key, SipReply reply, long expiresAtMs) {
    }

    private final int max;
    private final long ttlMs;
    private final Map<String, Entry> byKey = new HashMap<>();
    private final ArrayDeque<Entry> order = new ArrayDeque<>();

    CompletedCache(int max, long ttlMs) {
        this.max = max;
        this.ttlMs = ttlMs;
    }

    void put(String key, SipReply reply, long nowMs) {
        if (max == 0 || ttlMs == 0) {
            return;
        }
        evict(nowMs);
        if (byKey.size() >= max) {
            Entry oldest = order.removeFirst();
            byKey.remove(oldest.key(), oldest);
        }
        Entry e = new Entry(key, reply, nowMs + ttlMs);
        byKey.put(key, e);
        order.addLast(e);
    }

    Optional<SipReply> get(String key, long nowMs) {
        evict(nowMs);
        Entry e = byKey.get(key);
        return e == null ? Optional.empty() : Optional.of(e.reply());
    }

    int size() {
        return byKey.size();
    }

    private void evict(long nowMs) {
        while (!order.isEmpty() && order.peekFirst().expiresAtMs() <= nowMs) {
            Entry e = order.removeFirst();
            byKey.remove(e.key(), e);
        }
    }
}
