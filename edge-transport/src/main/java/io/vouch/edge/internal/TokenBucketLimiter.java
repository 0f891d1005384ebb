package io.vouch.edge.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-source token buckets with a bounded number of tracked sources (least recently seen evicted first), keyed by
 * whatever names a source ({@code K}: an address string, an {@code InetAddress}).
 *
 * <p>Not thread-safe: one thread calls it (the edge's event loop, or its owner's lock). Time comes in as nanoseconds
 * so tests can drive it.
 */
public final class TokenBucketLimiter<K> {
    private final double ratePerNano;
    private final double burst;
    private final LinkedHashMap<K, double[]> buckets;

    /**
     * @param ratePerSecond sustained messages per second per source; {@code <= 0} disables limiting
     * @param burst         bucket size (messages that may arrive at once)
     * @param maxSources    sources tracked at once; the least recently seen one is forgotten past it
     */
    public TokenBucketLimiter(double ratePerSecond, double burst, int maxSources) {
        if (maxSources < 1) {
            throw new IllegalArgumentException("maxSources must be >= 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, double[]> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes one token for {@code source}; false when its bucket is empty. */
    public boolean tryAcquire(K source, long nowNanos) {
        if (ratePerNano <= 0) {
            return true;
        }
        double[] b = buckets.get(source);
        if (b == null) {
            buckets.put(source, new double[] {burst - 1, nowNanos});
            return true;
        }
        double tokens = Math.min(burst, b[0] + (nowNanos - (long) b[1]) * ratePerNano);
        b[1] = nowNanos;
        if (tokens < 1) {
            b[0] = tokens;
            return false;
        }
        b[0] = tokens - 1;
        return true;
    }

    /** Number of sources currently tracked (bounded by maxSources). */
    public int trackedSources() {
        return buckets.size();
    }
}
