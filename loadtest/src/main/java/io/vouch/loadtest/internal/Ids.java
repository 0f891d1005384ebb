package io.vouch.loadtest.internal;

import java.util.SplittableRandom;

/**
 * Unique identifiers for one run: RFC 3261 §8.1.1.7 branches (magic cookie, unique per transaction),
 * Call-IDs and tags. A random run prefix keeps them unique across runs; counters keep them cheap.
 */
public final class Ids {

    private final String prefix;
    private final SplittableRandom random;
    private long counter;

    public Ids(long seed) {
        this.random = new SplittableRandom(seed);
        this.prefix = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    public String branch() {
        return "z9hG4bK" + prefix + "." + Long.toString(counter++, 36);
    }

    public String callId(String host) {
        return prefix + "-" + Long.toString(counter++, 36) + "@" + host;
    }

    public String tag() {
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }
}
