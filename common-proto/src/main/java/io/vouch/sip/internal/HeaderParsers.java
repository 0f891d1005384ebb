package io.vouch.sip.internal;

import io.vouch.sip.AuthHeader;
import io.vouch.sip.CSeq;
import io.vouch.sip.Contact;
import io.vouch.sip.NameAddr;
import io.vouch.sip.Uri;
import io.vouch.sip.Via;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parsers for typed header values (RFC 3261 §25.1 grammar, tolerant of LWS where the grammar allows it);
 * each returns null for malformed input and never throws.
 */
public final class HeaderParsers {
    private HeaderParsers() {
    }

    /**
     * Splits a list header value on commas outside quoted strings and angle brackets (RFC 3261 §7.3.1);
     * elements are trimmed, empty elements dropped.
     */
    public static void splitList(String value, List<String> out) {
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                depth++;
            } else if (c == '>') {
                if (depth > 0) {
                    depth--;
                }
            } else if (c == ',' && depth == 0) {
                addTrimmed(value, start, i, out);
                start = i + 1;
            }
        }
        if (start == 0) {
            if (!value.isEmpty()) {
                out.add(value);
            }
        } else {
            addTrimmed(value, start, n, out);
        }
    }

    private static void addTrimmed(String s, int from, int to, List<String> out) {
        while (from < to && Chars.isWs(s.charAt(from))) {
            from++;
        }
        while (to > from && Chars.isWs(s.charAt(to - 1))) {
            to--;
        }
        if (to > from) {
            out.add(s.substring(from, to));
        }
    }

    /** Parses {@code ;name[=value]} parameters up to the end; values keep quotes as written. */
    static boolean params(Cursor c, ParamMap.Builder out) {
        while (true) {
            c.skipWs();
            if (c.eof()) {
                return true;
            }
            if (c.peek() != ';') {
                return false;
            }
            c.skip();
            c.skipWs();
            String name = c.token();
            if (name == null) {
                return false;
            }
            String value = "";
            if (c.consume('=')) {
                value = c.peek() == '"' ? c.rawQuoted() : c.until(";,\"");
                if (value == null) {
                    return false;
                }
            }
            out.put(name, value);
        }
    }

    /** Parses one Via value: {@code SIP / 2.0 / UDP host[:port] *(;param)}. */
    public static Via via(String value) {
        Cursor c = new Cursor(value);
        c.skipWs();
        String name = c.token();
        if (name == null || !c.consume('/')) {
            return null;
        }
        String version = c.token();
        if (version == null || !c.consume('/')) {
            return null;
        }
        String transport = c.token();
        if (transport == null) {
            return null;
        }
        int before = c.pos();
        c.skipWs();
        if (c.pos() == before) {
            return null;
        }
        String host = host(c);
        if (host == null) {
            return null;
        }
        int port = -1;
        if (c.consume(':')) {
            port = port(c);
            if (port < 0) {
                return null;
            }
        }
        ParamMap.Builder params = new ParamMap.Builder();
        if (!params(c, params)) {
            return null;
        }
        String protocol = "SIP".equals(name) && "2.0".equals(version) ? "SIP/2.0"
            : name.toUpperCase(Locale.ROOT) + "/" + version;
        return new Via(protocol, transport, host, port, params.build());
    }

    private static String host(Cursor c) {
        int start = c.pos();
        String s = c.source();
        if (c.peek() == '[') {
            int close = s.indexOf(']', start);
            if (close < 0 || close >= c.end()) {
                return null;
            }
            if (!Ipv6.valid(s, start + 1, close)) {
                return null;
            }
            c.pos(close + 1);
            return s.substring(start, close + 1);
        }
        while (!c.eof() && Chars.isHostChar(c.peek())) {
            c.skip();
        }
        return c.pos() > start ? s.substring(start, c.pos()) : null;
    }

    private static int port(Cursor c) {
        int start = c.pos();
        int p = 0;
        while (!c.eof() && c.peek() >= '0' && c.peek() <= '9') {
            p = p * 10 + (c.peek() - '0');
            c.skip();
            if (c.pos() - start > 5) {
                return -1;
            }
        }
        return c.pos() == start || p > 65535 ? -1 : p;
    }

    /** Parses a name-addr or addr-spec with header parameters (RFC 3261 §20.10 rules on semicolons). */
    public static NameAddr nameAddr(String value) {
        Cursor c = new Cursor(value);
        c.skipWs();
        String display = "";
        Uri uri;
        if (c.peek() == '"') {
            display = c.quoted();
            if (display == null) {
                return null;
            }
            c.skipWs();
            if (c.peek() != '<') {
                return null;
            }
        }
        int lt = c.peek() == '<' ? c.pos() : value.indexOf('<', c.pos());
        if (lt >= 0) {
            if (lt > c.pos()) {
                display = displayTokens(value, c.pos(), lt);
                if (display == null) {
                    return null;
                }
            }
            int gt = value.indexOf('>', lt);
            if (gt < 0) {
                return null;
            }
            uri = UriParser.parse(value, lt + 1, gt);
            c.pos(gt + 1);
        } else {
            String spec = c.until(";");
            if (spec == null) {
                return null;
            }
            if (spec.indexOf('?') >= 0) {
                // RFC 3261 §20.10: a URI with '?' (or ',' or ';') must use the name-addr form
                return null;
            }
            uri = UriParser.parse(spec);
        }
        if (uri == null) {
            return null;
        }
        ParamMap.Builder params = new ParamMap.Builder();
        if (!params(c, params)) {
            return null;
        }
        return new NameAddr(display, uri, params.build());
    }

    private static String displayTokens(String s, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        boolean space = false;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (Chars.isWs(ch)) {
                space = sb.length() > 0;
            } else if (Chars.isToken(ch)) {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(ch);
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    /** Parses one Contact element: {@code *} or a name-addr/addr-spec. */
    public static Contact contact(String value) {
        if (value.strip().equals("*")) {
            return Contact.WILDCARD;
        }
        NameAddr na = nameAddr(value);
        return na == null ? null : Contact.of(na);
    }

    /** Parses {@code 1*DIGIT LWS method}; the number must fit 32 bits unsigned (RFC 3261 §8.1.1.5). */
    public static CSeq cseq(String value) {
        Cursor c = new Cursor(value);
        c.skipWs();
        int start = c.pos();
        while (!c.eof() && c.peek() >= '0' && c.peek() <= '9') {
            c.skip();
        }
        if (c.pos() == start) {
            return null;
        }
        long n = Chars.parseUnsigned(value.substring(start, c.pos()));
        if (n < 0 || n > 0xFFFF_FFFFL) {
            return null;
        }
        int before = c.pos();
        c.skipWs();
        if (c.pos() == before) {
            return null;
        }
        String method = c.token();
        c.skipWs();
        if (method == null || !c.eof()) {
            return null;
        }
        return new CSeq(n, method);
    }

    /**
     * Parses {@code scheme param=value *(, param=value)} with token or quoted values; null when malformed, including a
     * parameter named twice (RFC 7235 §2.1: each parameter name only once per challenge or credentials).
     */
    public static AuthHeader auth(String value) {
        Cursor c = new Cursor(value);
        c.skipWs();
        String scheme = c.token();
        if (scheme == null) {
            return null;
        }
        ParamMap.Builder params = new ParamMap.Builder();
        c.skipWs();
        boolean first = true;
        while (!c.eof()) {
            if (!first && !c.consume(',')) {
                return null;
            }
            first = false;
            c.skipWs();
            if (c.eof()) {
                break;
            }
            String name = c.token();
            if (name == null || !c.consume('=')) {
                return null;
            }
            String v = c.peek() == '"' ? c.quoted() : c.until(",\"");
            if (v == null || params.contains(name)) {
                return null;
            }
            params.put(name, v);
            c.skipWs();
        }
        return new AuthHeader(scheme, params.build());
    }

    /** Parses a non-negative decimal header value, or -1; values longer than 18 digits give -2. */
    public static long number(String value) {
        return Chars.parseUnsigned(value.strip());
    }

    /** Splits a comma-separated token list such as Supported or Require. */
    public static List<String> tokens(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            splitList(v, out);
        }
        return out;
    }
}
