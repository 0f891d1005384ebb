package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void admitsBurstThenRefusesUntilTokensRefill() {
        var limiter = new TokenBucketLimiter<String>(10, 5, 100);
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire("10.0.0.1", 0), "burst message " + i);
        }
        assertFalse(limiter.tryAcquire("10.0.0.1", 0));
        assertFalse(limiter.tryAcquire("10.0.0.1", SECOND / 20), "half a token after 50 ms");
        assertTrue(limiter.tryAcquire("10.0.0.1", SECOND / 10 + SECOND / 20), "one token after another 100 ms");
    }

    @Test
    void keepsSourcesApart() {
        var limiter = new TokenBucketLimiter<String>(1, 1, 100);
        assertTrue(limiter.tryAcquire("a", 0));
        assertFalse(limiter.tryAcquire("a", 0));
        assertTrue(limiter.tryAcquire("b", 0));
    }

    @Test
    void neverRefillsBeyondBurst() {
        var limiter = new TokenBucketLimiter<String>(100, 3, 10);
        limiter.tryAcquire("a", 0);
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            if (limiter.tryAcquire("a", 3600 * SECOND)) {
                admitted++;
            }
        }
        assertEquals(3, admitted);
    }

    @Test
    void boundsTrackedSources() {
        var limiter = new TokenBucketLimiter<String>(1, 1, 50);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("src-" + i, i);
        }
        assertEquals(50, limiter.trackedSources());
    }

    @Test
    void zeroRateDisablesLimiting() {
        var limiter = new TokenBucketLimiter<String>(0, 1, 10);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.tryAcquire("a", 0));
        }
    }
}
