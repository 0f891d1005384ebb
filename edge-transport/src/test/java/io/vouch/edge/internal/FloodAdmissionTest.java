package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloodAdmissionTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void admitsEveryoneWhileThePipelineIsBelowTheThreshold() {
        FloodAdmission<String> a = new FloodAdmission<>(10, 1, 60, 100);
        for (int i = 0; i < 100; i++) {
            assertTrue(a.admit("198.51.100.1", 9, 0));
        }
    }

    @Test
    void givesUnverifiedSourcesOnlyTheirFairShareAboveTheThreshold() {
        FloodAdmission<String> a = new FloodAdmission<>(10, 1, 60, 100);
        assertTrue(a.admit("198.51.100.1", 10, 0));
        assertTrue(a.admit("198.51.100.1", 10, 0));
        assertFalse(a.admit("198.51.100.1", 10, 0));
        assertTrue(a.admit("198.51.100.2", 10, 0), "another source has its own share");
        assertTrue(a.admit("198.51.100.1", 10, SECOND), "the share refills at its rate");
    }

    @Test
    void verifiedSourcesPassUntilTheirLifetimeEnds() {
        FloodAdmission<String> a = new FloodAdmission<>(10, 0, 60, 100);
        assertFalse(a.admit("192.0.2.1", 50, 0), "a zero fair share admits nothing unverified past the threshold");
        a.verified("192.0.2.1", 0);
        assertTrue(a.admit("192.0.2.1", 50, 59 * SECOND));
        assertFalse(a.admit("192.0.2.1", 50, 61 * SECOND));
        assertEquals(0, a.verifiedSources());
    }

    @Test
    void remembersABoundedNumberOfVerifiedSources() {
        FloodAdmission<String> a = new FloodAdmission<>(10, 0, 60, 2);
        a.verified("192.0.2.1", 0);
        a.verified("192.0.2.2", 0);
        a.verified("192.0.2.3", 0);
        assertEquals(2, a.verifiedSources());
        assertFalse(a.isVerified("192.0.2.1", 0), "the least recently seen is forgotten");
    }

    @Test
    void thresholdZeroTurnsFloodAdmissionOff() {
        FloodAdmission<String> a = new FloodAdmission<>(0, 0, 60, 2);
        assertTrue(a.admit("198.51.100.1", 1_000_000, 0));
    }
}
