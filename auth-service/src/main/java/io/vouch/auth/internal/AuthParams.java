package io.vouch.auth.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses an HTTP/SIP credentials or challenge value, {@code scheme auth-param *("," auth-param)} with token or
 * quoted-string values (RFC 3261 §25.1 {@code digest-response}, RFC 7235 §2.1); names are lower-cased.
 */
public final class AuthParams {
    /** A parsed value: the scheme as written and the parameters in order, names lower-case. */
    public record Parsed(String scheme, Map<String, String> params) {
        public Parsed {
            params = Map.copyOf(params);
        }
    }

    private static final int MAX_LENGTH = 8192;

    private AuthParams() {
    }

    /** Parses {@code value}; empty when it is not well-formed (duplicate names, bad quoting, missing '='). */
    public static Optional<Parsed> parse(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int i = skipWs(value, 0);
        int start = i;
        while (i < value.length() && isTokenChar(value.charAt(i))) {
            i++;
        }
        if (i == start) {
            return Optional.empty();
        }
        String scheme = value.substring(start, i);
        Map<String, String> params = new LinkedHashMap<>();
        i = skipWs(value, i);
        boolean first = true;
        while (i < value.length()) {
            if (!first) {
                if (value.charAt(i) != ',') {
                    return Optional.empty();
                }
                i = skipWs(value, i + 1);
                if (i >= value.length()) {
                    break;
                }
            }
            first = false;
            int nameStart = i;
            while (i < value.length() && isTokenChar(value.charAt(i))) {
                i++;
            }
            if (i == nameStart) {
                return Optional.empty();
            }
            String name = value.substring(nameStart, i).toLowerCase(Locale.ROOT);
            i = skipWs(value, i);
            if (i >= value.length() || value.charAt(i) != '=') {
                return Optional.empty();
            }
            i = skipWs(value, i + 1);
            String v;
            if (i < value.length() && value.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < value.length()) {
                    char c = value.charAt(i++);
                    if (c == '\\' && i < value.length()) {
                        sb.append(value.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
                v = sb.toString();
            } else {
                int vs = i;
                while (i < value.length() && isTokenChar(value.charAt(i))) {
                    i++;
                }
                if (i == vs) {
                    return Optional.empty();
                }
                v = value.substring(vs, i);
            }
            if (params.putIfAbsent(name, v) != null) {
                return Optional.empty();
            }
            i = skipWs(value, i);
        }
        return Optional.of(new Parsed(scheme, params));
    }

    private static int skipWs(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r'
                || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    /** RFC 3261 §25.1 token characters, plus '/' '+' ':' seen unquoted in lenient peers' nonce values. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~/:".indexOf(c) >= 0;
    }
}
