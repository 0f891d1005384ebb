package io.vouch.identity.internal.passport;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A small canonical JSON writer (RFC 8225 §9: keys sorted by code point, no insignificant whitespace) and a
 * strict, bounded parser for untrusted PASSporT parts.
 *
 * <p>Values are plain Java objects: {@link Map} (string keys), {@link List}, {@link String}, {@link Long} or
 * {@link BigDecimal}, {@link Boolean} and {@link #NULL}. The parser rejects duplicate keys, trailing content,
 * invalid UTF-8, nesting deeper than its limit and input longer than its limit.
 */
public final class Json {
    /** The JSON {@code null} value (a {@code null} reference never appears in a parsed tree). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Orders keys by Unicode code point, as RFC 8225 §9 asks (differs from UTF-16 order only beyond the BMP). */
    public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** Result of parsing untrusted JSON. */
    public sealed interface Result permits Parsed, Invalid {
    }

    /** The input was one well-formed JSON value within limits. */
    public record Parsed(Object value) implements Result {
    }

    /** The input was rejected; {@code offset} is the byte/char position where parsing stopped. */
    public record Invalid(String reason, int offset) implements Result {
    }

    private Json() {
    }

    /** Serializes a value tree canonically. Throws {@link IllegalArgumentException} for unsupported types. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(128);
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> throw new IllegalArgumentException("null reference in JSON tree; use Json.NULL");
            case String s -> writeString(sb, s);
            case Long l -> sb.append(l.longValue());
            case Integer i -> sb.append(i.intValue());
            case BigInteger bi -> sb.append(bi);
            case BigDecimal bd -> sb.append(bd.toString());
            case Boolean b -> sb.append(b.booleanValue());
            case Map<?, ?> m -> {
                TreeMap<String, Object> sorted = new TreeMap<>(CODE_POINT_ORDER);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String k)) {
                        throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
                    }
                    sorted.put(k, e.getValue());
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    writeString(sb, e.getKey());
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case List<?> list -> {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, list.get(i));
                }
                sb.append(']');
            }
            default -> {
                if (v == NULL) {
                    sb.append("null");
                } else {
                    throw new IllegalArgumentException("unsupported JSON value type " + v.getClass().getName());
                }
            }
        }
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Parses UTF-8 bytes strictly: at most {@code maxBytes} long and {@code maxDepth} levels of nesting. */
    public static Result parse(byte[] utf8, int maxBytes, int maxDepth) {
        Objects.requireNonNull(utf8, "utf8");
        if (utf8.length > maxBytes) {
            return new Invalid("input longer than " + maxBytes + " bytes", maxBytes);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Invalid("invalid UTF-8", 0);
        }
        return parse(text, maxDepth);
    }

    /** Parses text strictly with a nesting limit. */
    public static Result parse(String text, int maxDepth) {
        return JsonParser.parse(text, maxDepth);
    }
}
