package io.vouch.cert.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An Event header value (RFC 6665 §8.2.1): the package token (lower-cased) and its parameters ({@code id},
 * {@code etag} of RFC 6072 §7.3, …). Parsing returns empty for a value that is not {@code token *(;param)}.
 */
public record EventHeader(String eventPackage, Map<String, String> params) {
    public EventHeader {
        params = Map.copyOf(params);
    }

    /** The parsed header, or empty when {@code value} is malformed. */
    public static Optional<EventHeader> parse(String value) {
        if (value == null || value.length() > 1024) {
            return Optional.empty();
        }
        String[] parts = value.split(";", -1);
        String pkg = parts[0].trim();
        if (!isToken(pkg)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "" : p.substring(eq + 1).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            } else if (!v.isEmpty() && !isToken(v)) {
                return Optional.empty();
            }
            if (!isToken(name) || params.putIfAbsent(name, v) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(new EventHeader(pkg.toLowerCase(Locale.ROOT), params));
    }

    /** The {@code id} parameter, empty string when absent. */
    public String id() {
        return params.getOrDefault("id", "");
    }

    /** The {@code etag} parameter (RFC 6072 §7.3 / RFC 3903 entity-tag the subscriber already holds). */
    public Optional<String> etag() {
        return Optional.ofNullable(params.get("etag")).filter(s -> !s.isEmpty());
    }

    /** RFC 3261 §25.1 token characters. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-.!%*_+`'~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
