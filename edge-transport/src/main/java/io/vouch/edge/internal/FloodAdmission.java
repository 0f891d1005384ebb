package io.vouch.edge.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Datagram admission under a distributed flood, ahead of decoding: a source that recently registered (a 2xx to its
 * REGISTER passed through this edge) always passes; any other source passes freely while the edge holds fewer
 * than {@code unverifiedMaxInFlight} transactions and datagrams waiting to be handled and, beyond that, only at a
 * small per-source rate. A flood from many sources, each under the per-source limit, is then dropped for the cost of
 * a map lookup instead of being decoded and queued ahead of registered users, while a quiet new client still gets its
 * few requests through.
 *
 * <p>Source addresses of datagrams can be forged, so priority is no more than an ordering: verified sources stay
 * under the per-source token bucket and {@code max.in.flight}. Thread-safe: the UDP readers ask, the edge's event
 * loop records registrations; each call holds the lock for two map operations. A source is named by {@code K} (an
 * {@code InetAddress} on the wire path, so no text is made per datagram).
 */
public final class FloodAdmission<K> {
    private final int unverifiedMaxInFlight;
    private final long verifiedTtlNanos;
    private final TokenBucketLimiter<K> fairShare;
    private final LinkedHashMap<K, Long> verifiedUntil;

    /**
     * @param unverifiedMaxInFlight in-flight transactions above which unverified sources get only their fair share;
     *                              {@code <= 0} turns flood admission off
     * @param fairSharePerSecond    datagrams per second each unverified source may still send past that point
     * @param verifiedTtlSeconds    how long a source stays verified after a 2xx to REGISTER
     * @param maxVerifiedSources    verified sources remembered at once (least recently seen forgotten first); the
     *                              fair-share buckets track as many sources
     */
    public FloodAdmission(int unverifiedMaxInFlight, double fairSharePerSecond, long verifiedTtlSeconds,
            int maxVerifiedSources) {
        if (maxVerifiedSources < 1) {
            throw new IllegalArgumentException("maxVerifiedSources must be >= 1");
        }
        this.unverifiedMaxInFlight = unverifiedMaxInFlight;
        this.verifiedTtlNanos = verifiedTtlSeconds * 1_000_000_000L;
        // a zero share means nothing unverified passes past the threshold (to the bucket, zero means unlimited)
        this.fairShare = fairSharePerSecond > 0
                ? new TokenBucketLimiter<>(fairSharePerSecond, Math.max(1, 2 * fairSharePerSecond), maxVerifiedSources)
                : null;
        this.verifiedUntil = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
                return size() > maxVerifiedSources;
            }
        };
    }

    /** Whether flood admission is on (a threshold above zero). */
    public boolean enabled() {
        return unverifiedMaxInFlight > 0;
    }

    /** Whether a datagram from {@code source} may be decoded while {@code inFlight} transactions are pending. */
    public synchronized boolean admit(K source, int inFlight, long nowNanos) {
        if (unverifiedMaxInFlight <= 0 || inFlight < unverifiedMaxInFlight || isVerified(source, nowNanos)) {
            return true;
        }
        return fairShare != null && fairShare.tryAcquire(source, nowNanos);
    }

    /** Records that {@code source} registered successfully (RFC 3261 §10.3: a 2xx to its REGISTER). */
    public synchronized void verified(K source, long nowNanos) {
        if (unverifiedMaxInFlight > 0) {
            verifiedUntil.put(source, nowNanos + verifiedTtlNanos);
        }
    }

    /** Whether {@code source} registered successfully within the verified lifetime. */
    public synchronized boolean isVerified(K source, long nowNanos) {
        Long until = verifiedUntil.get(source);
        if (until == null) {
            return false;
        }
        if (until - nowNanos < 0) {
            verifiedUntil.remove(source);
            return false;
        }
        return true;
    }

    /** Verified sources currently remembered. */
    public synchronized int verifiedSources() {
        return verifiedUntil.size();
    }
}
