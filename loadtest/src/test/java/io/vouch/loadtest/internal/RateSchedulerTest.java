package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.loadtest.RateProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateSchedulerTest {

    private static final long MS = 1_000_000L;

    /** Intended times (ns) and steps of every call the scheduler issues. */
    private static List<long[]> drain(RateScheduler s) {
        List<long[]> calls = new ArrayList<>();
        while (s.hasNext()) {
            calls.add(new long[] {s.nextIntendedNanos(), s.nextStep()});
            s.advance();
        }
        return calls;
    }

    @Test
    void constantRateSpacesCallsExactlyOneIntervalApart() {
        List<long[]> calls = drain(new RateScheduler(
                RateProfile.constant(1000, Duration.ofSeconds(30), Duration.ZERO), Long.MAX_VALUE));

        assertEquals(30_000, calls.size());
        assertEquals(0, calls.get(0)[0]);
        assertEquals(1 * MS, calls.get(1)[0]);
        assertEquals(500 * MS, calls.get(500)[0]);
        assertEquals(29_999 * MS, calls.get(29_999)[0]);
        assertTrue(calls.stream().allMatch(c -> c[1] == 0));
    }

    @Test
    void fractionalOfferedCountIssuesTheCeiling() {
        List<long[]> calls = drain(new RateScheduler(
                RateProfile.constant(2.5, Duration.ofSeconds(1), Duration.ZERO), Long.MAX_VALUE));

        assertEquals(3, calls.size());
        assertEquals(400 * MS, calls.get(1)[0]);
        assertEquals(800 * MS, calls.get(2)[0]);
    }

    @Test
    void linearRampFollowsTheSquareRootOfTheCallIndex() {
        // 0 → 1000/s over 10 s offers 1000·10/2 = 5000 calls; call k of the ramp is at sqrt(2·10·k/1000) s.
        RateScheduler s = new RateScheduler(
                RateProfile.constant(1000, Duration.ofSeconds(30), Duration.ofSeconds(10)), Long.MAX_VALUE);
        List<long[]> calls = drain(s);

        assertEquals(5_000 + 20_000, calls.size());
        assertEquals(1_000 * MS, calls.get(50)[0]);
        assertEquals(2_000 * MS, calls.get(200)[0]);
        assertEquals(5_000 * MS, calls.get(1250)[0]);
        assertEquals(RateProfile.WARM_UP, calls.get(4_999)[1]);
        assertEquals(10_000 * MS, calls.get(5_000)[0]);
        assertEquals(0, calls.get(5_000)[1]);
        assertEquals(11_000 * MS, calls.get(6_000)[0]);
    }

    @Test
    void stepsRunOneAfterAnotherAtTheirOwnRate() {
        List<long[]> calls = drain(new RateScheduler(
                RateProfile.steps(List.of(500.0, 1000.0, 2000.0), Duration.ofSeconds(20), Duration.ZERO),
                Long.MAX_VALUE));

        assertEquals(10_000 + 20_000 + 40_000, calls.size());
        assertEquals(2 * MS, calls.get(1)[0]);
        assertEquals(0, calls.get(9_999)[1]);
        assertEquals(20_000 * MS, calls.get(10_000)[0]);
        assertEquals(1, calls.get(10_000)[1]);
        assertEquals(20_001 * MS, calls.get(10_001)[0]);
        assertEquals(40_000 * MS, calls.get(30_000)[0]);
        assertEquals(2, calls.get(30_000)[1]);
        assertEquals(59_999_500_000L, calls.get(69_999)[0]);
    }

    @Test
    void maxCallsBoundsTheRunBeforeTheProfileEnds() {
        RateScheduler s = new RateScheduler(RateProfile.constant(1000, Duration.ofSeconds(30), Duration.ZERO), 1234);

        assertEquals(1234, s.plannedCalls());
        assertEquals(1234, drain(s).size());
        assertFalse(s.hasNext());
    }

    @Test
    void everyIntendedTimeLiesInsideTheProfile() {
        RateProfile p = RateProfile.steps(List.of(333.0, 777.0), Duration.ofMillis(1500), Duration.ofMillis(700));
        List<long[]> calls = drain(new RateScheduler(p, Long.MAX_VALUE));

        assertEquals((long) Math.ceil(p.expectedCalls() - 1e-6), calls.size());
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0], "monotonic at " + i);
        }
        assertTrue(calls.getLast()[0] < p.totalNanos());
    }

    @Test
    void stopEndsIssuingAtOnce() {
        RateScheduler s = new RateScheduler(RateProfile.constant(10, Duration.ofSeconds(10), Duration.ZERO), 1000);
        s.advance();
        s.stop();

        assertFalse(s.hasNext());
        assertEquals(1, s.issued());
        assertTrue(s.stopped());
    }

    @Test
    void rejectsARampAsLongAsTheRun() {
        assertThrows(IllegalArgumentException.class,
                () -> RateProfile.constant(10, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }
}
