package io.vouch.auth.internal.lockout;

import java.time.Duration;
import java.util.Objects;

/**
 * Brute-force limits: failures per source and per user within a sliding window; past a threshold the source (or the
 * user, from sources that have not recently authenticated as that user) is answered 503 with Retry-After
 * (RFC 3261 §21.5.4, §20.33) for the cooling-off period. A threshold of 0 disables that scope.
 */
public record LockoutPolicy(int sourceThreshold, int userThreshold, Duration window, Duration cooloff,
                            int maxTracked, int trustedSourcesPerUser) {
    public LockoutPolicy {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(cooloff, "cooloff");
        if (sourceThreshold < 0 || userThreshold < 0 || window.toMillis() <= 0 || cooloff.toMillis() <= 0
                || maxTracked < 1 || trustedSourcesPerUser < 0) {
            throw new IllegalArgumentException("invalid lock-out policy");
        }
    }

    /** 20 failures per source or 100 per user within 5 minutes block for 15 minutes; 100 000 entries tracked. */
    public static LockoutPolicy defaults() {
        return new LockoutPolicy(20, 100, Duration.ofMinutes(5), Duration.ofMinutes(15), 100_000, 4);
    }
}
