package io.vouch.loadtest.internal;

import io.vouch.loadtest.LatencySummary;
import io.vouch.loadtest.PercentilePoint;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency of completed calls, coordinated-omission correct: the response time is measured from the call's
 * <em>intended</em> send time (so a stalled server or a stalled load generator shows up in full), and the service
 * time from the first actual transmission is kept beside it for comparison. Values are recorded in microseconds.
 */
public final class LatencyStats {

    private final Histogram responseTime = new Histogram(3);
    private final Histogram serviceTime = new Histogram(3);

    /**
     * Records one call.
     *
     * @param intendedNanos when the schedule meant to send it
     * @param sentNanos     when its first request actually left
     * @param doneNanos     when its final response arrived
     */
    public void record(long intendedNanos, long sentNanos, long doneNanos) {
        responseTime.recordValue(micros(doneNanos - intendedNanos));
        serviceTime.recordValue(micros(doneNanos - sentNanos));
    }

    public void add(LatencyStats other) {
        responseTime.add(other.responseTime);
        serviceTime.add(other.serviceTime);
    }

    public void reset() {
        responseTime.reset();
        serviceTime.reset();
    }

    public long count() {
        return responseTime.getTotalCount();
    }

    /** Response time from the intended send time: the figure to report. */
    public LatencySummary responseTime() {
        return LatencySummary.of(responseTime);
    }

    /** Service time from the actual send: what a closed-loop tool would report (optimistic under stalls). */
    public LatencySummary serviceTime() {
        return LatencySummary.of(serviceTime);
    }

    /** The response-time percentile distribution, {@code ticksPerHalf} points per halving of the tail. */
    public List<PercentilePoint> responseTimeDistribution(int ticksPerHalf) {
        return distribution(responseTime, ticksPerHalf);
    }

    public List<PercentilePoint> serviceTimeDistribution(int ticksPerHalf) {
        return distribution(serviceTime, ticksPerHalf);
    }

    /** The raw response-time histogram (microseconds); callers must not modify it. */
    public Histogram responseTimeHistogram() {
        return responseTime;
    }

    private static List<PercentilePoint> distribution(Histogram h, int ticksPerHalf) {
        List<PercentilePoint> points = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : h.percentiles(ticksPerHalf)) {
            points.add(new PercentilePoint(v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / 1000.0));
            if (v.getPercentileLevelIteratedTo() >= 100.0) {
                break;
            }
        }
        return points;
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1000);
    }
}
