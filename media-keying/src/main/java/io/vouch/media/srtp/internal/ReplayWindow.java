package io.vouch.media.srtp.internal;

/**
 * The replay list of RFC 3711 §3.3.2 as a 64-packet sliding window over packet indices: an index is fresh
 * when it is above the highest authenticated one, or inside the window and not yet seen. {@link #accept}
 * is called only after the packet authenticated.
 */
public final class ReplayWindow {
    /** Window size in packets (the RFC 3711 §3.3.2 minimum). */
    public static final int SIZE = 64;

    /** Outcome of {@link #check}. */
    public enum Verdict { FRESH, REPLAYED, TOO_OLD }

    private long highest = -1;
    private long seen;

    public Verdict check(long index) {
        if (highest < 0 || index > highest) {
            return Verdict.FRESH;
        }
        long delta = highest - index;
        if (delta >= SIZE) {
            return Verdict.TOO_OLD;
        }
        return (seen & (1L << delta)) == 0 ? Verdict.FRESH : Verdict.REPLAYED;
    }

    public void accept(long index) {
        if (highest < 0) {
            highest = index;
            seen = 1L;
        } else if (index > highest) {
            long shift = index - highest;
            seen = shift >= SIZE ? 1L : (seen << shift) | 1L;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }

    public long highest() {
        return highest;
    }
}
