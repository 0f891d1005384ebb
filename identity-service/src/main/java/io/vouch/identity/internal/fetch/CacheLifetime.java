package io.vouch.identity.internal.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Freshness lifetime of an HTTP response from {@code Cache-Control} and {@code Expires} (RFC 9111 §4.2.1). */
public final class CacheLifetime {
    private CacheLifetime() {
    }

    /**
     * The lifetime the server asks for: {@code no-store}/{@code no-cache} give zero, {@code max-age} wins over
     * {@code Expires} (measured from {@code Date}, else from {@code now}); empty when neither is present.
     */
    public static Optional<Duration> of(Map<String, String> headers, Instant now) {
        String cc = headers.get("cache-control");
        if (cc != null) {
            for (String directive : cc.toLowerCase(Locale.ROOT).split(",")) {
                String d = directive.strip();
                if (d.equals("no-store") || d.equals("no-cache") || d.equals("private")) {
                    return Optional.of(Duration.ZERO);
                }
            }
            for (String directive : cc.toLowerCase(Locale.ROOT).split(",")) {
                String d = directive.strip();
                if (d.startsWith("max-age=")) {
                    try {
                        long s = Long.parseLong(d.substring(8).replace("\"", "").strip());
                        return Optional.of(Duration.ofSeconds(Math.max(0, s)));
                    } catch (NumberFormatException e) {
                        return Optional.of(Duration.ZERO); // RFC 9111 §4.2.1: invalid max-age means stale
                    }
                }
            }
        }
        String expires = headers.get("expires");
        if (expires != null) {
            Optional<Instant> exp = httpDate(expires);
            if (exp.isEmpty()) {
                return Optional.of(Duration.ZERO); // RFC 9111 §5.3: invalid Expires means already expired
            }
            Instant base = Optional.ofNullable(headers.get("date")).flatMap(CacheLifetime::httpDate).orElse(now);
            Duration d = Duration.between(base, exp.get());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        }
        return Optional.empty();
    }

    static Optional<Instant> httpDate(String s) {
        try {
            return Optional.of(ZonedDateTime.parse(s.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
