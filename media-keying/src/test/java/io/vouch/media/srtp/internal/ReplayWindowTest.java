package io.vouch.media.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vouch.media.srtp.internal.ReplayWindow.Verdict;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void acceptsOutOfOrderInsideTheWindowOnce() {
        ReplayWindow w = new ReplayWindow();
        w.accept(100);
        assertEquals(Verdict.FRESH, w.check(90));
        w.accept(90);
        assertEquals(Verdict.REPLAYED, w.check(90));
        assertEquals(Verdict.REPLAYED, w.check(100));
        assertEquals(Verdict.FRESH, w.check(101));
    }

    @Test
    void refusesIndicesBehindTheSixtyFourPacketWindow() {
        ReplayWindow w = new ReplayWindow();
        w.accept(1000);
        assertEquals(Verdict.FRESH, w.check(1000 - 63));
        assertEquals(Verdict.TOO_OLD, w.check(1000 - 64));
    }

    @Test
    void aBigJumpClearsTheWindowButKeepsTheNewHighest() {
        ReplayWindow w = new ReplayWindow();
        w.accept(5);
        w.accept(500);
        assertEquals(Verdict.REPLAYED, w.check(500));
        assertEquals(Verdict.FRESH, w.check(499));
        assertEquals(Verdict.TOO_OLD, w.check(5));
    }
}
