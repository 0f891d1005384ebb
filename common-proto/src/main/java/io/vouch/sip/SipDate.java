package io.vouch.sip;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The SIP-date of RFC 3261 §20.17 and §25.1, the value every Date header Vouch writes takes: rfc1123-date with a
 * two-digit day ({@code Sat, 05 Dec 2026 15:04:05 GMT}), always GMT. (Java's {@code RFC_1123_DATE_TIME} writes days
 * 1 to 9 with one digit, which the SIP grammar does not allow.)
 */
public final class SipDate {
    /** The SIP-date formatter. */
    public static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The last value formatted; racy by design (any thread's copy is right for its second). */
    private static volatile FormattedSecond last;

    private SipDate() {
    }

    /** {@code time} as a SIP-date (whole seconds), formatted once per second however many replies carry it. */
    public static String format(Instant time) {
        FormattedSecond f = last;
        long second = time.getEpochSecond();
        if (f == null || f.second() != second) {
            f = new FormattedSecond(second, FORMAT.format(Instant.ofEpochSecond(second)));
            last = f;
        }
        return f.text();
    }

    private record FormattedSecond(long second, String text) {
    }
}
