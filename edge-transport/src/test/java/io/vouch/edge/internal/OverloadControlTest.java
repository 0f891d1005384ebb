package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OverloadControlTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private double draw = 0.5;
    private final OverloadControl control = new OverloadControl(200 * MS, 100 * MS, () -> draw, (topic, share) -> { });

    /** One 100 ms interval in which {@code topic} got replies with these delays (ms), then the interval's end. */
    private void interval(long[] now, String topic, long... delaysMs) {
        for (long d : delaysMs) {
            control.replied(topic, d * MS, now[0]);
        }
        now[0] += 100 * MS;
        control.admit(topic, now[0]);
    }

    @Test
    void refusesAGrowingShareWhileEvenTheQuickestReplyIsLateAndRecoversAfter() {
        long[] now = {0};
        control.admit("t", now[0]);
        interval(now, "t", 5, 900, 40);
        assertEquals(0, control.refused("t"), "one slow reply among quick ones is not a queue");
        for (int i = 1; i <= 5; i++) {
            interval(now, "t", 250, 900, 300);
            assertEquals(0.1 * i, control.refused("t"), 1e-9);
        }
        draw = 0.49;
        assertFalse(control.admit("t", now[0]), "a draw below the refused share is refused");
        draw = 0.5;
        assertTrue(control.admit("t", now[0]));
        for (int i = 1; i <= 10; i++) {
            interval(now, "t", 20);
        }
        assertEquals(0, control.refused("t"), 1e-9);
        assertTrue(control.admit("t", now[0]));
    }

    @Test
    void anIntervalWithoutRepliesLowersTheShareSoAnEdgeRefusingEverythingProbesAgain() {
        long[] now = {0};
        control.admit("t", now[0]);
        for (int i = 0; i < 15; i++) {
            interval(now, "t", 1000);
        }
        assertEquals(1.0, control.refused("t"), 1e-9);
        draw = 0.999;
        assertFalse(control.admit("t", now[0]), "everything refused");
        interval(now, "t");
        assertEquals(0.95, control.refused("t"), 1e-9);
        assertTrue(control.admit("t", now[0]));
    }

    @Test
    void topicsAreJudgedApart() {
        long[] now = {0};
        control.admit("slow", now[0]);
        control.admit("quick", now[0]);
        control.replied("quick", 3 * MS, now[0]);
        interval(now, "slow", 500);
        control.admit("quick", now[0]);
        assertEquals(0.1, control.refused("slow"), 1e-9);
        assertEquals(0, control.refused("quick"));
    }

    @Test
    void aZeroTargetTurnsItOff() {
        OverloadControl off = new OverloadControl(0, 100 * MS, () -> 0.0, (topic, share) -> { });
        for (int i = 0; i < 20; i++) {
            off.replied("t", 10_000 * MS, i * 100 * MS);
            assertTrue(off.admit("t", i * 100 * MS));
        }
        assertEquals(0, off.refused("t"));
        assertThrows(IllegalArgumentException.class, () -> new OverloadControl(-1, 100, () -> 0.0, (topic, share) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new OverloadControl(1, 0, () -> 0.0, (topic, share) -> { }));
    }
}
