package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class SipDateTest {
    @Test
    void writesTwoDigitDaysInGmt() {
        assertEquals("Sat, 05 Dec 2026 15:04:05 GMT", SipDate.format(Instant.parse("2026-12-05T15:04:05.999Z")));
        assertEquals("Sat, 13 Nov 2010 23:29:00 GMT", SipDate.format(Instant.parse("2010-11-13T23:29:00Z")));
    }

    @Test
    void theCachedSecondNeverAnswersForAnother() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            t = t.plusMillis(rnd.nextLong(0, 3_000));
            assertEquals(SipDate.FORMAT.format(Instant.ofEpochSecond(t.getEpochSecond())), SipDate.format(t));
        }
    }
}
