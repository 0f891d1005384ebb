package io.vouch.loadtest;

/** One point of an HdrHistogram percentile distribution: {@code percentile} (0–100) of calls took at most {@code valueMs}. */
public record PercentilePoint(double percentile, double valueMs) {
}
