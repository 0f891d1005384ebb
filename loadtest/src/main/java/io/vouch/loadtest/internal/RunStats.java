package io.vouch.loadtest.internal;

import io.vouch.loadtest.IntervalPoint;
import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.RateProfile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Everything counted during a run, on the engine's thread: calls by outcome, final responses by status code,
 * transmissions and retransmissions, latency of successful calls (from the intended send time), scheduler lag,
 * per-step counters and one {@link IntervalPoint} per second of the run clock.
 */
public final class RunStats {

    private static final long SECOND = 1_000_000_000L;

    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private final Map<Integer, Long> finalCodes = new TreeMap<>();
    private final Map<String, Long> failureDetails = new java.util.LinkedHashMap<>();
    private final LatencyStats latency = new LatencyStats();
    private final Histogram sendLagMicros = new Histogram(3);
    private final List<StepStats> steps = new ArrayList<>();
    private final StepStats warmUp;
    private final List<IntervalPoint> intervals = new ArrayList<>();
    private final Histogram intervalLatency = new Histogram(3);
    long issued;
    long done;
    long succeeded;
    long firstTransmissions;
    long retransmissions;
    long provisionalResponses;
    long strayResponses;
    long acksSent;
    long malformedMessages;
    long unexpectedRequests;
    private final LatencyStats notifyLatency = new LatencyStats();
    private long bucket;
    private long bucketStarted;
    private long bucketSucceeded;
    private long bucketFailed;
    private long bucketRetransmissions;

    public RunStats(RateProfile profile) {
        for (int i = 0; i < profile.stepCount(); i++) {
            long nanos = 0;
            for (RateProfile.Segment s : profile.segments()) {
                if (s.step() == i) {
                    nanos += s.durationNanos();
                }
            }
            steps.add(new StepStats(i, profile.stepRate(i), nanos));
        }
        warmUp = new StepStats(RateProfile.WARM_UP, 0, 1);
    }

    public StepStats step(int step) {
        return step == RateProfile.WARM_UP ? warmUp : steps.get(step);
    }

    public List<StepStats> steps() {
        return steps;
    }

    public void callIssued(int step, long now) {
        roll(now);
        issued++;
        step(step).issued++;
        bucketStarted++;
    }

    public void transmitted(int step, boolean retransmission, long now) {
        roll(now);
        StepStats s = step(step);
        if (retransmission) {
            retransmissions++;
            s.retransmissions++;
            bucketRetransmissions++;
        } else {
            firstTransmissions++;
            s.firstTransmissions++;
        }
    }

    public void firstSent(long intendedNanos, long sentNanos) {
        sendLagMicros.recordValue(Math.max(0, (sentNanos - intendedNanos) / 1000));
    }

    /** A call ended; latency is recorded for successful calls only (failures are counted by outcome). */
    public void callDone(int step, Outcome outcome, long intendedNanos, long sentNanos, long now) {
        roll(now);
        done++;
        outcomes.merge(outcome, 1L, Long::sum);
        StepStats s = step(step);
        s.done++;
        if (outcome == Outcome.SUCCESS) {
            succeeded++;
            s.succeeded++;
            bucketSucceeded++;
            latency.record(intendedNanos, sentNanos < 0 ? intendedNanos : sentNanos, now);
            s.latency().record(intendedNanos, sentNanos < 0 ? intendedNanos : sentNanos, now);
            intervalLatency.recordValue(Math.max(0, (now - intendedNanos) / 1000));
        } else {
            s.failed++;
            bucketFailed++;
        }
    }

    public void finalResponse(int status) {
        finalCodes.merge(status, 1L, Long::sum);
    }

    /** Counts a failed call's last final response; at most 20 distinct texts are kept, the rest as "(other)". */
    public void failureDetail(String text) {
        String key = failureDetails.containsKey(text) || failureDetails.size() < 20 ? text : "(other)";
        failureDetails.merge(key, 1L, Long::sum);
    }

    public Map<String, Long> failureDetails() {
        return failureDetails;
    }

    public void provisional() {
        provisionalResponses++;
    }

    public void stray() {
        strayResponses++;
    }

    public void ackSent() {
        acksSent++;
    }

    public void malformed() {
        malformedMessages++;
    }

    /** A NOTIFY of a cert-subscribe call arrived: latency from the call's intended and actual SUBSCRIBE send. */
    public void notifyReceived(long intendedNanos, long sentNanos, long now) {
        notifyLatency.record(intendedNanos, sentNanos < 0 ? intendedNanos : sentNanos, now);
    }

    /** NOTIFYs received by cert-subscribe calls and their latency. */
    public LatencyStats notifyLatency() {
        return notifyLatency;
    }

    public void unexpectedRequest() {
        unexpectedRequests++;
    }

    /** Closes every whole second before {@code now} into an {@link IntervalPoint}. */
    public void roll(long now) {
        long current = now / SECOND;
        while (bucket < current) {
            intervals.add(new IntervalPoint(bucket, bucketStarted, bucketSucceeded, bucketFailed,
                    bucketRetransmissions, ms(intervalLatency, 50), ms(intervalLatency, 99),
                    intervalLatency.getTotalCount() == 0 ? 0 : intervalLatency.getMaxValue() / 1000.0));
            intervalLatency.reset();
            bucketStarted = 0;
            bucketSucceeded = 0;
            bucketFailed = 0;
            bucketRetransmissions = 0;
            bucket++;
        }
    }

    /** Closes the current partial second too (at the end of the run). */
    public void close(long now) {
        roll(now);
        if (bucketStarted + bucketSucceeded + bucketFailed + bucketRetransmissions > 0) {
            roll((bucket + 1) * SECOND);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    public List<IntervalPoint> intervals() {
        return intervals;
    }

    public Map<Outcome, Long> outcomes() {
        return outcomes;
    }

    public Map<Integer, Long> finalCodes() {
        return finalCodes;
    }

    public LatencyStats latency() {
        return latency;
    }

    public Histogram sendLagMicros() {
        return sendLagMicros;
    }

    public long issued() {
        return issued;
    }

    public long done() {
        return done;
    }

    public long inFlight() {
        return issued - done;
    }

    public long succeeded() {
        return succeeded;
    }

    public long failed() {
        return done - succeeded;
    }

    public long firstTransmissions() {
        return firstTransmissions;
    }

    public long retransmissions() {
        return retransmissions;
    }

    public double retransmissionRatio() {
        return firstTransmissions == 0 ? 0 : (double) retransmissions / firstTransmissions;
    }

    public long provisionalResponses() {
        return provisionalResponses;
    }

    public long strayResponses() {
        return strayResponses;
    }

    public long acksSent() {
        return acksSent;
    }

    public long malformedMessages() {
        return malformedMessages;
    }

    public long unexpectedRequests() {
        return unexpectedRequests;
    }
}
