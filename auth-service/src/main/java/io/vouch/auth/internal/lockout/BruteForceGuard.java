package io.vouch.auth.internal.lockout;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts authentication failures per source and per user in sliding windows with bounded memory (LRU maps), and
 * blocks past a threshold for a cooling-off period. A blocked source is refused outright; a blocked user is refused
 * only from sources that have not recently authenticated as that user, so an attacker guessing a user's password
 * cannot lock the user's own phones out (that lock-out would itself be a denial of service).
 */
public final class BruteForceGuard {
    /** Which counter blocked a request. */
    public enum Scope { SOURCE, USER }

    /** A refusal and how long it still lasts. */
    public record Block(Scope scope, long remainingMillis) {
    }

    /** Thresholds and bounds; a threshold of 0 disables that scope. */
    public record Settings(int sourceThreshold, int userThreshold, long windowMillis, long cooloffMillis,
                           int maxTracked, int trustedSourcesPerUser) {
        public Settings {
            if (sourceThreshold < 0 || userThreshold < 0 || windowMillis <= 0 || cooloffMillis <= 0
                    || maxTracked < 1 || trustedSourcesPerUser < 0) {
                throw new IllegalArgumentException("invalid brute-force settings");
            }
        }
    }

    /** Failures in the current and previous fixed window; the estimate weights the previous one by overlap. */
    private static final class Counter {
        long windowStart;
        int current;
        int previous;
        long blockedUntil;

        double add(long now, long window) {
            roll(now, window);
            current++;
            return estimate(now, window);
        }

        double estimate(long now, long window) {
            roll(now, window);
            double overlap = 1.0 - (double) (now - windowStart) / window;
            return previous * overlap + current;
        }

        private void roll(long now, long window) {
            long start = Math.floorDiv(now, window) * window;
            if (start == windowStart) {
                return;
            }
            previous = start - windowStart == window ? current : 0;
            current = 0;
            windowStart = start;
        }
    }

    private static final class UserCounter {
        final Counter failures = new Counter();
        final ArrayDeque<String> trusted = new ArrayDeque<>();
    }

    private final Settings settings;
    private final Map<String, Counter> sources;
    private final Map<String, UserCounter> users;

    public BruteForceGuard(Settings settings) {
        this.settings = settings;
        this.sources = lru(settings.maxTracked());
        this.users = lru(settings.maxTracked());
    }

    /** Whether a request for {@code userKey} from {@code source} (a {@link SourceKeys} key) is refused now. */
    public synchronized Optional<Block> check(String userKey, String source, long now) {
        Counter s = sources.get(source);
        if (s != null && s.blockedUntil > now) {
            return Optional.of(new Block(Scope.SOURCE, s.blockedUntil - now));
        }
        UserCounter u = userKey == null ? null : users.get(userKey);
        if (u != null && u.failures.blockedUntil > now && !u.trusted.contains(source)) {
            return Optional.of(new Block(Scope.USER, u.failures.blockedUntil - now));
        }
        return Optional.empty();
    }

    /**
     * Records a failure; {@code userKey} null counts the source only. Returns the scopes newly blocked by it (for the
     * lock-out metric).
     */
    public synchronized Optional<Scope> recordFailure(String userKey, String source, long now) {
        Optional<Scope> newlyBlocked = Optional.empty();
        if (settings.sourceThreshold() > 0) {
            Counter s = sources.computeIfAbsent(source, k -> new Counter());
            if (s.add(now, settings.windowMillis()) >= settings.sourceThreshold() && s.blockedUntil <= now) {
                s.blockedUntil = now + settings.cooloffMillis();
                newlyBlocked = Optional.of(Scope.SOURCE);
            }
        }
        if (userKey != null && settings.userThreshold() > 0) {
            UserCounter u = users.computeIfAbsent(userKey, k -> new UserCounter());
            if (u.failures.add(now, settings.windowMillis()) >= settings.userThreshold()
                    && u.failures.blockedUntil <= now) {
                u.failures.blockedUntil = now + settings.cooloffMillis();
                if (newlyBlocked.isEmpty()) {
                    newlyBlocked = Optional.of(Scope.USER);
                }
            }
        }
        return newlyBlocked;
    }

    /** Records a success: the source becomes one of the user's trusted sources. */
    public synchronized void recordSuccess(String userKey, String source) {
        if (settings.trustedSourcesPerUser() == 0 || settings.userThreshold() == 0) {
            return;
        }
        UserCounter u = users.computeIfAbsent(userKey, k -> new UserCounter());
        u.trusted.remove(source);
        u.trusted.addFirst(source);
        while (u.trusted.size() > settings.trustedSourcesPerUser()) {
            u.trusted.removeLast();
        }
    }

    /** Sources and users currently tracked, for a gauge. */
    public synchronized int tracked() {
        return sources.size() + users.size();
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
