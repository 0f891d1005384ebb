package io.vouch.loadtest.internal;

import io.vouch.loadtest.LatencySummary;
import io.vouch.loadtest.StepResult;
import java.time.Duration;
import java.util.Optional;

/** Counters of the calls that belong to one rate step (by intended time), and the step's verdict. */
public final class StepStats {

    private final int step;
    private final double intendedRate;
    private final long durationNanos;
    private final LatencyStats latency = new LatencyStats();
    long issued;
    long done;
    long succeeded;
    long failed;
    long firstTransmissions;
    long retransmissions;
    private boolean judged;
    private String failure = "";

    public StepStats(int step, double intendedRate, long durationNanos) {
        this.step = step;
        this.intendedRate = intendedRate;
        this.durationNanos = durationNanos;
    }

    public int step() {
        return step;
    }

    public LatencyStats latency() {
        return latency;
    }

    public boolean allDone() {
        return done == issued;
    }

    public boolean judged() {
        return judged;
    }

    public boolean failedAlready() {
        return !failure.isEmpty();
    }

    public double retransmissionRatio() {
        return firstTransmissions == 0 ? 0 : (double) retransmissions / firstTransmissions;
    }

    /** Marks the step failed at once (a failed call needs no further evidence). */
    public void fail(String why) {
        if (failure.isEmpty()) {
            failure = why;
        }
        judged = true;
    }

    /**
     * Judges a step whose calls are all done: any failed call, retransmissions at or above {@code maxRatio}, or p99
     * above {@code maxP99} fails it. Returns the failure reason, if any.
     */
    public Optional<String> judge(double maxRatio, Duration maxP99) {
        if (!judged) {
            judged = true;
            double p99 = latency.responseTime().p99Ms();
            if (failed > 0) {
                failure = failed + " failed call(s)";
            } else if (retransmissionRatio() >= maxRatio) {
                failure = String.format("retransmissions %.3f %% >= %.3f %%", retransmissionRatio() * 100,
                        maxRatio * 100);
            } else if (p99 > maxP99.toNanos() / 1e6) {
                failure = String.format("p99 %.1f ms > %d ms", p99, maxP99.toMillis());
            }
        }
        return failure.isEmpty() ? Optional.empty() : Optional.of(failure);
    }

    public StepResult result() {
        LatencySummary l = latency.responseTime();
        double achieved = succeeded / (durationNanos / 1e9);
        boolean passed = judged && failure.isEmpty();
        String verdict = !judged ? "not evaluated (run stopped)" : passed ? "pass" : failure;
        return new StepResult(step, intendedRate, issued, succeeded, failed, achieved, retransmissionRatio(), l,
                judged, passed, verdict);
    }
}
