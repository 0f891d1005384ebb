package io.vouch.identity.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
        Parser p = new Parser(text, maxDepth);
        // The recursive descent signals failure with a stackless exception caught only here, so no exception
        // ever leaves this class for bad input.
        try {
            p.skipWs();
            Object v = p.value(0);
            p.skipWs();
            if (p.pos != text.length()) {
                return new Invalid("trailing content", p.pos);
            }
            return new Parsed(v);
        } catch (Failure f) {
            return new Invalid(f.getMessage(), p.pos);
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Parser {
        private static final int MAX_NUMBER_CHARS = 40;
        private final String s;
        private final int maxDepth;
        int pos;

        Parser(String s, int maxDepth) {
            this.s = s;
            this.maxDepth = maxDepth;
        }

        void skipWs() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        Object value(int depth) {
            if (pos >= s.length()) {
                throw new Failure("unexpected end of input");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", NULL);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw new Failure("unexpected character");
                }
            };
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw new Failure("bad literal");
            }
            pos += word.length();
            return v;
        }

        private Map<String, Object> object(int depth) {
            if (depth > maxDepth) {
                throw new Failure("nesting deeper than " + maxDepth);
            }
            pos++;
            Map<String, Object> m = new LinkedHashMap<>();
            skipWs();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(m);
            }
            while (true) {
                skipWs();
                if (peek() != '"') {
                    throw new Failure("expected object key");
                }
                String key = string();
                skipWs();
                expect(':');
                skipWs();
                Object v = value(depth);
                if (m.putIfAbsent(key, v) != null) {
                    throw new Failure("duplicate key");
                }
                skipWs();
                char c = next();
                if (c == '}') {
                    return Collections.unmodifiableMap(m);
                }
                if (c != ',') {
                    throw new Failure("expected , or }");
                }
            }
        }

        private List<Object> array(int depth) {
            if (depth > maxDepth) {
                throw new Failure("nesting deeper than " + maxDepth);
            }
            pos++;
            List<Object> list = new ArrayList<>();
            skipWs();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWs();
                list.add(value(depth));
                skipWs();
                char c = next();
                if (c == ']') {
                    return Collections.unmodifiableList(list);
                }
                if (c != ',') {
                    throw new Failure("expected , or ]");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw new Failure("unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) {
                    throw new Failure("control character in string");
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(s, start, pos);
                    pos++;
                    char e = next();
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> sb.append(hex4());
                        default -> throw new Failure("bad escape");
                    }
                    start = pos;
                } else {
                    pos++;
                }
            }
        }

        private char hex4() {
            if (pos + 4 > s.length()) {
                throw new Failure("short unicode escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0) {
                    throw new Failure("bad unicode escape");
                }
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw new Failure("bad number");
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) {
                    throw new Failure("bad fraction");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw new Failure("bad exponent");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (pos - start > MAX_NUMBER_CHARS) {
                throw new Failure("number too long");
            }
            String text = s.substring(start, pos);
            if (integral) {
                BigInteger bi = new BigInteger(text);
                return bi.bitLength() < 64 ? (Object) bi.longValue() : new BigDecimal(bi);
            }
            BigDecimal bd = new BigDecimal(text);
            if (Math.abs(bd.scale()) > 1000) {
                throw new Failure("number exponent out of range");
            }
            return bd;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= s.length()) {
                throw new Failure("unexpected end of input");
            }
            return s.charAt(pos++);
        }

        private void expect(char c) {
            if (next() != c) {
                pos--;
                throw new Failure("expected '" + c + "'");
            }
        }
    }
}
