package io.vouch.auth.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void readsWhatInstantWritesExactlyAsInstantParseDoes() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1000) * 1_000_000;
                case 2 -> rnd.nextInt(1_000_000) * 1_000;
                default -> rnd.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(rnd.nextLong(min, max + 1), nanos);
            assertEquals(t, Timestamps.parse(t.toString()), t.toString());
            assertEquals(Instant.parse(t.toString()), Timestamps.parse(t.toString()));
        }
    }

    @Test
    void leavesEveryOtherFormAndEveryErrorToInstantParse() {
        for (String s : List.of("2026-01-02T03:04:05+01:00", "2016-12-31T23:59:60Z", "2026-01-02T03:04:05.Z",
                "2026-01-02T03:04:05.1234567890Z", "+12026-01-02T03:04:05Z", "2026-01-02t03:04:05z")) {
            assertSame(s);
        }
        for (String s : List.of("yesterday", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-02T24:00:01Z",
                "2026-01-02T03:60:05Z", "2026-01-02T03:04:05", "2026-0a-02T03:04:05Z", "2026-01-02T03:04:05.x1Z",
                "-026-01-02T03:04:05Z", "")) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(s), s);
            assertThrows(DateTimeParseException.class, () -> Timestamps.parse(s), s);
        }
    }

    private static void assertSame(String s) {
        Instant expected;
        try {
            expected = Instant.parse(s);
        } catch (DateTimeParseException e) {
            assertThrows(DateTimeParseException.class, () -> Timestamps.parse(s), s);
            return;
        }
        assertEquals(expected, Timestamps.parse(s), s);
    }
}
