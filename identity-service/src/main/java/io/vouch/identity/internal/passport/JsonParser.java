package io.vouch.identity.internal.passport;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict recursive-descent reader behind {@link Json#parse}: RFC 8259 grammar only, duplicate keys, nesting
 * beyond the limit and over-long numbers rejected.
 */
final class JsonParser {
    private JsonParser() {
    }

    static Json.Result parse(String text, int maxDepth) {
        Parser p = new Parser(text, maxDepth);
        // The recursive descent signals failure with a stackless exception caught only here, so no exception
        // ever leaves this class for bad input.
        try {
            p.skipWs();
            Object v = p.value(0);
            p.skipWs();
            if (p.pos != text.length()) {
                return new Json.Invalid("trailing content", p.pos);
            }
            return new Json.Parsed(v);
        } catch (Failure f) {
            return new Json.Invalid(f.getMessage(), p.pos);
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
                case 'n' -> literal("null", Json.NULL);
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
            BigDecimal bd;
            try {
                bd = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new Failure("number exponent out of range"); // the exponent does not fit an int
            }
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
