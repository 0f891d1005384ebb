package io.vouch.identity.internal.passport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code Identity} header field value (RFC 8224 §4.1): the PASSporT (full or compact form) followed by
 * {@code ;info=<url>}, {@code ;alg=} and {@code ;ppt=} parameters and any extensions.
 */
public record IdentityHeader(String token, Optional<String> info, Optional<String> alg, Optional<String> ppt,
                             Map<String, String> extensions) {
    /** Longest header value read, in characters. */
    public static final int MAX_VALUE_CHARS = 10_000;

    public IdentityHeader {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(ppt, "ppt");
        extensions = Map.copyOf(extensions);
    }

    /** A header for a signed token as an authentication service emits it. */
    public static IdentityHeader of(String token, String info, String alg, String ppt) {
        return new IdentityHeader(token, Optional.of(info), Optional.of(alg), Optional.ofNullable(ppt), Map.of());
    }

    /** Result of reading an untrusted header value. */
    public sealed interface Parse permits Parsed, Malformed {
    }

    public record Parsed(IdentityHeader header) implements Parse {
    }

    public record Malformed(String reason) implements Parse {
    }

    /** Serializes as {@code token;info=<url>;alg=..;ppt=..}. */
    public String format() {
        StringBuilder sb = new StringBuilder(token.length() + 96).append(token);
        info.ifPresent(i -> sb.append(";info=").append(i.indexOf('>') < 0 ? "<" + i + ">" : quoted(i)));
        alg.ifPresent(a -> sb.append(";alg=").append(quoted(a)));
        ppt.ifPresent(p -> sb.append(";ppt=").append(quoted(p)));
        extensions.forEach((k, v) -> sb.append(';').append(k).append(v.isEmpty() ? "" : "=" + quoted(v)));
        return sb.toString();
    }

    /** A parameter value as {@link #parse} reads it back: a token bare, else quoted, else in angle brackets. */
    private static String quoted(String v) {
        if (!v.isEmpty() && v.chars().allMatch(c -> isTokenChar((char) c))) {
            return v;
        }
        return v.indexOf('"') < 0 ? '"' + v + '"' : "<" + v + ">";
    }

    /** Whether the token is in compact form ({@code ..signature}). */
    public boolean isCompact() {
        return token.startsWith("..");
    }

    /** Parses a header value; never throws for bad input. */
    public static Parse parse(String value) {
        if (value == null) {
            return new Malformed("missing value");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            return new Malformed("value longer than " + MAX_VALUE_CHARS);
        }
        String v = value.strip();
        int semi = v.indexOf(';');
        String token = (semi < 0 ? v : v.substring(0, semi)).strip();
        if (token.startsWith("\"") && token.endsWith("\"") && token.length() >= 2) {
            token = token.substring(1, token.length() - 1); // tolerate a quoted token
        }
        if (token.isEmpty()) {
            return new Malformed("no token");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return new Malformed("whitespace or non-ASCII in token");
            }
            if (c == '"') {
                return new Malformed("quote inside token"); // base64url and dots only; one pair of quotes is removed
            }
        }
        String info = null;
        String alg = null;
        String ppt = null;
        Map<String, String> ext = new LinkedHashMap<>();
        int pos = semi < 0 ? v.length() : semi;
        while (pos < v.length()) {
            // pos is at ';'
            pos = skipWs(v, pos + 1);
            int nameStart = pos;
            while (pos < v.length() && isTokenChar(v.charAt(pos))) {
                pos++;
            }
            String name = v.substring(nameStart, pos).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return new Malformed("empty parameter name");
            }
            pos = skipWs(v, pos);
            String pval = "";
            if (pos < v.length() && v.charAt(pos) == '=') {
                pos = skipWs(v, pos + 1);
                if (pos >= v.length()) {
                    return new Malformed("parameter " + name + " without value");
                }
                char c = v.charAt(pos);
                if (c == '<') {
                    int end = v.indexOf('>', pos);
                    if (end < 0) {
                        return new Malformed("unterminated <uri>");
                    }
                    pval = v.substring(pos + 1, end);
                    pos = end + 1;
                } else if (c == '"') {
                    int end = v.indexOf('"', pos + 1);
                    if (end < 0) {
                        return new Malformed("unterminated quoted string");
                    }
                    pval = v.substring(pos + 1, end);
                    pos = end + 1;
                } else {
                    int start = pos;
                    while (pos < v.length() && isTokenChar(v.charAt(pos))) {
                        pos++;
                    }
                    pval = v.substring(start, pos);
                }
            }
            pos = skipWs(v, pos);
            if (pos < v.length() && v.charAt(pos) != ';') {
                return new Malformed("unexpected character after parameter " + name);
            }
            switch (name) {
                case "info" -> {
                    if (info != null) {
                        return new Malformed("duplicate info");
                    }
                    info = pval;
                }
                case "alg" -> alg = pval;
                case "ppt" -> ppt = pval;
                default -> ext.putIfAbsent(name, pval);
            }
        }
        return new Parsed(new IdentityHeader(token, Optional.ofNullable(info), Optional.ofNullable(alg),
                Optional.ofNullable(ppt), ext));
    }

    private static int skipWs(String s, int pos) {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
    }
}
