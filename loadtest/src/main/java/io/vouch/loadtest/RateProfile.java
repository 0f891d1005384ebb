package io.vouch.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An open-loop offered-load profile made of segments whose rate changes linearly (constant rate, ramp, steps);
 * call {@code k} (from 0) is intended at the instant the cumulative offered count reaches {@code k}, whatever the
 * responses do, so a slow server cannot slow the load down (no coordinated omission).
 *
 * @param segments the segments in time order
 */
public record RateProfile(List<Segment> segments) {

    /** Warm-up segments (the initial ramp) carry this step number and are not evaluated as a step. */
    public static final int WARM_UP = -1;

    /**
     * One segment: the rate goes linearly from {@code startRate} to {@code endRate} calls/s over the duration.
     *
     * @param step index of the benchmark step it belongs to, or {@link #WARM_UP}
     */
    public record Segment(long durationNanos, double startRate, double endRate, int step) {
        public Segment {
            if (durationNanos <= 0) {
                throw new IllegalArgumentException("segment duration must be positive: " + durationNanos);
            }
            if (!(startRate >= 0) || !(endRate >= 0) || Double.isInfinite(startRate) || Double.isInfinite(endRate)) {
                throw new IllegalArgumentException("rates must be finite and >= 0: " + startRate + ", " + endRate);
            }
        }

        /** Calls offered over the whole segment (the area under the rate line). */
        public double expectedCalls() {
            return (startRate + endRate) / 2 * durationNanos / 1e9;
        }

        /** Nanoseconds after the segment start at which the cumulative count within it reaches {@code m}. */
        public long offsetOf(double m) {
            double seconds = durationNanos / 1e9;
            double slope = (endRate - startRate) / seconds;
            // Root of slope/2·t² + startRate·t − m = 0 in the numerically stable form (also right for slope 0).
            double root = Math.sqrt(Math.max(0, startRate * startRate + 2 * slope * m));
            double t = 2 * m / (startRate + root);
            return Math.min(durationNanos, Math.round(t * 1e9));
        }
    }

    public RateProfile {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a rate profile needs at least one segment");
        }
    }

    /** A constant rate for {@code duration}, of which the first {@code ramp} rises linearly from 0. */
    public static RateProfile constant(double rate, Duration duration, Duration ramp) {
        if (ramp.compareTo(duration) >= 0 && !ramp.isZero()) {
            throw new IllegalArgumentException("ramp " + ramp + " must be shorter than duration " + duration);
        }
        List<Segment> list = new ArrayList<>();
        if (!ramp.isZero()) {
            list.add(new Segment(ramp.toNanos(), 0, rate, WARM_UP));
        }
        list.add(new Segment(duration.minus(ramp).toNanos(), rate, rate, 0));
        return new RateProfile(list);
    }

    /** One constant-rate step per entry of {@code rates}, each lasting {@code stepDuration}, after an optional ramp. */
    public static RateProfile steps(List<Double> rates, Duration stepDuration, Duration ramp) {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("steps need at least one rate");
        }
        List<Segment> list = new ArrayList<>();
        if (!ramp.isZero()) {
            list.add(new Segment(ramp.toNanos(), 0, rates.getFirst(), WARM_UP));
        }
        for (int i = 0; i < rates.size(); i++) {
            list.add(new Segment(stepDuration.toNanos(), rates.get(i), rates.get(i), i));
        }
        return new RateProfile(list);
    }

    /** Total duration of the profile in nanoseconds. */
    public long totalNanos() {
        long total = 0;
        for (Segment s : segments) {
            total += s.durationNanos();
        }
        return total;
    }

    /** Calls the profile offers in total (may be fractional; the scheduler issues the ceiling). */
    public double expectedCalls() {
        double total = 0;
        for (Segment s : segments) {
            total += s.expectedCalls();
        }
        return total;
    }

    /** Number of benchmark steps (warm-up excluded). */
    public int stepCount() {
        int max = -1;
        for (Segment s : segments) {
            max = Math.max(max, s.step());
        }
        return max + 1;
    }

    /** The intended rate of a step (its rate at the step's start). */
    public double stepRate(int step) {
        for (Segment s : segments) {
            if (s.step() == step) {
                return s.startRate();
            }
        }
        throw new IllegalArgumentException("no step " + step);
    }
}
