package io.vouch.loadtest.internal;

import io.vouch.loadtest.RateProfile;
import io.vouch.loadtest.RateProfile.Segment;
import java.util.List;

/**
 * Walks a {@link RateProfile} call by call: the intended send time (nanoseconds from the run start) and step of
 * each call, bounded by the profile's end and a maximum call count. Single-threaded; the caller issues every call
 * whose intended time has come, however late, so the offered load never depends on responses.
 */
public final class RateScheduler {

    private static final double EPSILON = 1e-6;

    private final List<Segment> segments;
    private final long plannedCalls;
    private long next;
    private int segment;
    private double segmentFirstCall;
    private long segmentStartNanos;
    private boolean stopped;

    public RateScheduler(RateProfile profile, long maxCalls) {
        if (maxCalls < 0) {
            throw new IllegalArgumentException("maxCalls must be >= 0: " + maxCalls);
        }
        this.segments = profile.segments();
        long offered = (long) Math.ceil(profile.expectedCalls() - EPSILON);
        this.plannedCalls = Math.min(Math.max(offered, 0), maxCalls);
        settle();
    }

    /** Calls this run will issue unless stopped early. */
    public long plannedCalls() {
        return plannedCalls;
    }

    /** Index of the next call (also the number issued so far). */
    public long issued() {
        return next;
    }

    public boolean hasNext() {
        return !stopped && next < plannedCalls && segment < segments.size();
    }

    /** Intended send time of the next call, in nanoseconds from the run start; only valid when {@link #hasNext()}. */
    public long nextIntendedNanos() {
        Segment s = segments.get(segment);
        return segmentStartNanos + s.offsetOf(next - segmentFirstCall);
    }

    /** Step of the next call ({@link RateProfile#WARM_UP} during the ramp). */
    public int nextStep() {
        return segments.get(segment).step();
    }

    /** Moves on to the following call. */
    public void advance() {
        next++;
        settle();
    }

    /** Issues no further calls (step mode stops at the first failing step). */
    public void stop() {
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }

    // Skips segments whose offered calls are used up (or that offer none), so `next` lies inside `segment`.
    private void settle() {
        while (segment < segments.size()) {
            Segment s = segments.get(segment);
            if (next < segmentFirstCall + s.expectedCalls() - EPSILON) {
                return;
            }
            segmentFirstCall += s.expectedCalls();
            segmentStartNanos += s.durationNanos();
            segment++;
        }
    }
}
