package io.vouch.cert.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address for new subscriptions (RFC 6072 §6: anyone may subscribe, so a source is limited
 * instead): {@code ratePerSecond} sustained, {@code burst} at once; the least recently seen sources are forgotten past
 * {@code maxSources}. Not thread-safe: use on one event loop.
 */
public final class SourceRateLimiter {
    private final double ratePerMs;
    private final double burst;
    private final Map<String, double[]> buckets;

    public SourceRateLimiter(double ratePerSecond, int burst, int maxSources) {
        this.ratePerMs = ratePerSecond / 1000.0;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes one token for {@code source} at {@code nowMs}; false when its bucket is empty. */
    public boolean tryAcquire(String source, long nowMs) {
        double[] b = buckets.computeIfAbsent(source, s -> new double[] {burst, nowMs});
        double tokens = Math.min(burst, b[0] + Math.max(0, nowMs - b[1]) * ratePerMs);
        b[1] = nowMs;
        if (tokens < 1) {
            b[0] = tokens;
            return false;
        }
        b[0] = tokens - 1;
        return true;
    }
}
