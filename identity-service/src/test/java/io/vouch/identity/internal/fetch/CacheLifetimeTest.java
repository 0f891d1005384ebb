package io.vouch.identity.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheLifetimeTest {
    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void prefersMaxAgeOverExpires() {
        assertEquals(Optional.of(Duration.ofSeconds(600)), CacheLifetime.of(Map.of("cache-control", "public, max-age=600",
                "expires", "Mon, 23 Nov 2026 13:00:00 GMT"), now));
    }

    @Test
    void measuresExpiresFromTheDateHeader() {
        assertEquals(Optional.of(Duration.ofMinutes(30)), CacheLifetime.of(Map.of(
                "expires", "Mon, 23 Nov 2026 12:30:00 GMT", "date", "Mon, 23 Nov 2026 12:00:00 GMT"), now));
    }

    @Test
    void treatsNoStoreAndInvalidValuesAsUncacheable() {
        assertEquals(Optional.of(Duration.ZERO), CacheLifetime.of(Map.of("cache-control", "no-store"), now));
        assertEquals(Optional.of(Duration.ZERO), CacheLifetime.of(Map.of("cache-control", "max-age=abc"), now));
        assertEquals(Optional.of(Duration.ZERO), CacheLifetime.of(Map.of("expires", "0"), now));
    }

    @Test
    void isEmptyWithoutCachingHeaders() {
        assertEquals(Optional.empty(), CacheLifetime.of(Map.of(), now));
    }
}
