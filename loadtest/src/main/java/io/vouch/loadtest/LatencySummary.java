package io.vouch.loadtest;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.AbstractHistogram;

/**
 * Percentiles of one latency distribution in milliseconds, read from an HdrHistogram recorded in microseconds
 * (3 significant digits, so each figure is within 0.1 % of the exact value).
 */
public record LatencySummary(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
                             double maxMs) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    /** Summarizes a histogram whose values are microseconds. */
    public static LatencySummary of(AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(micros.getTotalCount(), micros.getMean() / 1000.0,
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    public JsonObject toJson() {
        return new JsonObject().put("count", count).put("mean_ms", meanMs).put("p50_ms", p50Ms).put("p90_ms", p90Ms)
                .put("p99_ms", p99Ms).put("p99_9_ms", p999Ms).put("max_ms", maxMs);
    }
}
