package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vouch.loadtest.IntervalPoint;
import io.vouch.loadtest.LatencySummary;
import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.PercentilePoint;
import io.vouch.loadtest.RateProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    private static final long MS = 1_000_000L;

    /** HdrHistogram keeps 3 significant digits: values are exact to within 0.1 %. */
    private static void assertMs(double expected, double actual) {
        assertEquals(expected, actual, expected * 0.001 + 0.001);
    }

    @Test
    void serverStallIsMeasuredFromTheIntendedSendTimeOfEveryCall() {
        // Ten calls intended (and sent) every 10 ms from 0 to 90 ms; the server stalls and answers all at 100 ms.
        LatencyStats stats = new LatencyStats();
        for (int i = 0; i < 10; i++) {
            stats.record(i * 10 * MS, i * 10 * MS, 100 * MS);
        }
        LatencySummary r = stats.responseTime();

        // Sorted response times 10, 20, ..., 100 ms: the 50th percentile is the 5th value, the 90th the 9th.
        assertEquals(10, r.count());
        assertMs(50, r.p50Ms());
        assertMs(90, r.p90Ms());
        assertMs(100, r.p99Ms());
        assertMs(100, r.maxMs());
        assertMs(55, r.meanMs());
    }

    @Test
    void loadGeneratorStallCountsInResponseTimeButNotInServiceTime() {
        // Ten calls intended every 10 ms, but the generator stalled and sent them all at 90 ms; each answered
        // 1 ms after its send. A closed-loop view (service time) sees 1 ms everywhere; the intended-time view
        // sees 91, 81, ..., 1 ms.
        LatencyStats stats = new LatencyStats();
        for (int i = 0; i < 10; i++) {
            stats.record(i * 10 * MS, 90 * MS, 91 * MS);
        }

        LatencySummary service = stats.serviceTime();
        assertMs(1, service.p50Ms());
        assertMs(1, service.p99Ms());
        LatencySummary response = stats.responseTime();
        // Sorted 1, 11, ..., 91: p50 is the 5th value (41 ms), p90 the 9th (81 ms), p99 the 10th (91 ms).
        assertMs(41, response.p50Ms());
        assertMs(81, response.p90Ms());
        assertMs(91, response.p99Ms());
        assertMs(46, response.meanMs());
    }

    @Test
    void distributionRunsFromTheMinimumAtZeroToTheMaximumAtOneHundredPercent() {
        LatencyStats stats = new LatencyStats();
        for (int i = 1; i <= 1000; i++) {
            stats.record(0, 0, i * MS);
        }
        List<PercentilePoint> points = stats.responseTimeDistribution(5);

        assertEquals(0.0, points.getFirst().percentile());
        assertMs(1, points.getFirst().valueMs());
        assertEquals(100.0, points.getLast().percentile());
        assertMs(1000, points.getLast().valueMs());
        PercentilePoint p90 = points.stream().filter(p -> p.percentile() == 90.0).findFirst().orElseThrow();
        assertMs(900, p90.valueMs());
        for (int i = 1; i < points.size(); i++) {
            assertEquals(true, points.get(i).valueMs() >= points.get(i - 1).valueMs());
        }
    }

    @Test
    void intervalsCountCallsInTheSecondTheyEndedAndKeepTheirPercentiles() {
        RunStats stats = new RunStats(RateProfile.constant(10, Duration.ofSeconds(3), Duration.ZERO));
        stats.callIssued(0, 100 * MS);
        stats.callDone(0, Outcome.SUCCESS, 100 * MS, 100 * MS, 120 * MS);
        stats.callIssued(0, 900 * MS);
        stats.callDone(0, Outcome.SUCCESS, 900 * MS, 900 * MS, 1_300 * MS);
        stats.callIssued(0, 1_500 * MS);
        stats.callDone(0, Outcome.TIMEOUT, 1_500 * MS, 1_500 * MS, 1_600 * MS);
        stats.close(2_100 * MS);

        List<IntervalPoint> intervals = stats.intervals();
        // The empty second 2 is not reported: close() only adds a partial second with activity.
        assertEquals(2, intervals.size());
        assertEquals(new IntervalPoint(0, 2, 1, 0, 0, intervals.get(0).p50Ms(), intervals.get(0).p99Ms(),
                intervals.get(0).maxMs()), intervals.get(0));
        assertMs(20, intervals.get(0).p99Ms());
        assertEquals(1, intervals.get(1).succeeded());
        assertEquals(1, intervals.get(1).failed());
        assertEquals(1, intervals.get(1).started());
        assertMs(400, intervals.get(1).p50Ms());
        assertEquals(2, stats.latency().count(), "only successful calls carry latency");
    }
}
