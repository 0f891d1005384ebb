package io.vouch.identity.internal.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and policy for fetching STIR certificates from {@code info}/{@code x5u} URLs (RFC 8224 §7.3, RFC 8226 §10):
 * timeouts, size cap, SSRF allow/deny lists, and cache lifetimes.
 *
 * @param connectTimeout   {@code fetch.connect.timeout.ms}
 * @param readTimeout      {@code fetch.read.timeout.ms} (also bounds the whole response)
 * @param maxBytes         {@code fetch.max.bytes}
 * @param allowHosts       {@code fetch.allow.hosts}: when non-empty, only these hosts ({@code .suffix} matches subdomains)
 * @param denyHosts        {@code fetch.deny.hosts}
 * @param allowCidrs       {@code fetch.allow.cidrs}: blocks allowed even if non-public
 * @param denyCidrs        {@code fetch.deny.cidrs}
 * @param allowLoopback    {@code fetch.allow.loopback}: for tests and single-host setups only
 * @param cacheMaxEntries  {@code cache.max.entries}
 * @param defaultTtl       {@code cache.default.ttl.s}: lifetime when the response sends no caching headers
 * @param maxTtl           {@code cache.max.ttl.s}: cap on any lifetime the server asks for
 * @param negativeTtl      {@code cache.negative.ttl.s}: how long a failed URL is not retried
 * @param unreachableTtl   {@code cache.unreachable.ttl.s}: the same when no HTTP response came at all (connect, TLS
 *                         or read failure, timeout) — kept short, so that one slow first fetch (a cold process, a
 *                         momentarily busy repository) does not fail every call for the whole negative lifetime
 * @param minTtl           {@code cache.min.ttl.s}: a validated certificate is kept at least this long whatever the
 *                         server asks (ATIS-1000074: no caching directive, or one shorter than 24 h, means 24 h); a
 *                         signature failure still revalidates it once. Capped like any lifetime by
 *                         {@code cache.max.ttl.s} and the certificate's expiry
 */
public record CertFetchConfig(Duration connectTimeout, Duration readTimeout, int maxBytes,
                              List<String> allowHosts, List<String> denyHosts,
                              List<String> allowCidrs, List<String> denyCidrs, boolean allowLoopback,
                              int cacheMaxEntries, Duration defaultTtl, Duration maxTtl, Duration negativeTtl,
                              Duration unreachableTtl, Duration minTtl) {
    /** ATIS-1000074's floor for caching a certificate. */
    public static final Duration DEFAULT_MIN_TTL = Duration.ofHours(24);

    public CertFetchConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        allowHosts = List.copyOf(allowHosts);
        denyHosts = List.copyOf(denyHosts);
        allowCidrs = List.copyOf(allowCidrs);
        denyCidrs = List.copyOf(denyCidrs);
        if (maxBytes < 256) {
            throw new IllegalArgumentException("fetch.max.bytes must be at least 256");
        }
        Objects.requireNonNull(unreachableTtl, "unreachableTtl");
        if (unreachableTtl.isNegative()) {
            throw new IllegalArgumentException("cache.unreachable.ttl.s must not be negative");
        }
        Objects.requireNonNull(minTtl, "minTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        if (minTtl.isNegative() || minTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("cache.min.ttl.s must be in [0, cache.max.ttl.s]: " + minTtl.toSeconds());
        }
        if (cacheMaxEntries < 1) {
            throw new IllegalArgumentException("cache.max.entries must be positive");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("fetch timeouts must be positive");
        }
    }

    /**
     * Defaults: 2 s connect, 3 s read, 16 KiB, public addresses only, 10 000 entries, lifetimes 24 h default / 24 h
     * max / 30 s negative / 5 s unreachable / 24 h minimum.
     */
    public static CertFetchConfig defaults() {
        return new CertFetchConfig(Duration.ofSeconds(2), Duration.ofSeconds(3), 16 * 1024, List.of(), List.of(),
                List.of(), List.of(), false, 10_000, Duration.ofHours(24), Duration.ofHours(24), Duration.ofSeconds(30),
                Duration.ofSeconds(5), DEFAULT_MIN_TTL);
    }

    public CertFetchConfig withAllowLoopback(boolean allow) {
        return new CertFetchConfig(connectTimeout, readTimeout, maxBytes, allowHosts, denyHosts, allowCidrs,
                denyCidrs, allow, cacheMaxEntries, defaultTtl, maxTtl, negativeTtl, unreachableTtl, minTtl);
    }

    /** The same with another {@code cache.min.ttl.s}. */
    public CertFetchConfig withMinTtl(Duration min) {
        return new CertFetchConfig(connectTimeout, readTimeout, maxBytes, allowHosts, denyHosts, allowCidrs,
                denyCidrs, allowLoopback, cacheMaxEntries, defaultTtl, maxTtl, negativeTtl, unreachableTtl, min);
    }
}
