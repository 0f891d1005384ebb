package io.vouch.sip.internal;

import io.vouch.sip.AbsoluteUri;
import io.vouch.sip.SipUri;
import io.vouch.sip.TelUri;
import io.vouch.sip.Uri;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses SIP/SIPS (RFC 3261 §19.1, §25.1), tel (RFC 3966) and other absolute URIs in one pass over the
 * text; returns null when malformed and never throws.
 */
public final class UriParser {
    private UriParser() {
    }

    public static Uri parse(String text) {
        return text == null ? null : parse(text, 0, text.length());
    }

    /** Parses {@code text[from, to)}. */
    public static Uri parse(String text, int from, int to) {
        if (to <= from || to - from > 8192) {
            return null;
        }
        int colon = -1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127) {
                return null;
            }
            if (colon < 0 && c == ':') {
                colon = i;
            }
        }
        if (colon <= from || !validScheme(text, from, colon)) {
            return null;
        }
        int len = colon - from;
        if (len == 3 && text.regionMatches(true, from, "sip", 0, 3)) {
            return parseSip(text, colon + 1, to, false);
        }
        if (len == 4 && text.regionMatches(true, from, "sips", 0, 4)) {
            return parseSip(text, colon + 1, to, true);
        }
        if (len == 3 && text.regionMatches(true, from, "tel", 0, 3)) {
            return parseTel(text.substring(colon + 1, to));
        }
        if (colon + 1 == to || !absoluteUriChars(text, colon + 1, to)) {
            return null;
        }
        return new AbsoluteUri(text.substring(from, colon), text.substring(colon + 1, to));
    }

    /**
     * Whether {@code s[from, to)} holds only {@code uric} characters of an absoluteURI (RFC 3261 §25.1), with
     * '#' and the IPv6 literal brackets of RFC 3986 tolerated: never '<', '>', '"', '\\' or the other delimiters
     * that would end or change a name-addr once the URI is written back inside angle brackets.
     */
    private static boolean absoluteUriChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if ("<>\"\\{}|^`".indexOf(s.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean validScheme(String s, int from, int end) {
        char first = s.charAt(from);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = from + 1; i < end; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static SipUri parseSip(String s, int from, int to, boolean secure) {
        int at = s.indexOf('@', from);
        if (at >= to) {
            at = -1;
        }
        String user = "";
        String password = "";
        int i = from;
        if (at >= 0) {
            int colon = s.indexOf(':', from);
            int userEnd = colon >= 0 && colon < at ? colon : at;
            if (userEnd == from || !Escaping.valid(s, from, userEnd, Escaping.USER)
                || (userEnd < at && !Escaping.valid(s, userEnd + 1, at, Escaping.PASSWORD))) {
                return null;
            }
            user = Escaping.unescape(s.substring(from, userEnd));
            password = userEnd < at ? Escaping.unescape(s.substring(userEnd + 1, at)) : "";
            if (user == null || password == null) {
                return null;
            }
            i = at + 1;
        }
        String host;
        if (i < to && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0 || close >= to || !Ipv6.valid(s, i + 1, close)) {
                return null;
            }
            host = s.substring(i, close + 1);
            i = close + 1;
        } else {
            int start = i;
            char prev = '.';
            while (i < to) {
                char c = s.charAt(i);
                if (!Chars.isHostChar(c)) {
                    break;
                }
                if (c == '.' && prev == '.' || (c == '-' && prev == '.')) {
                    return null;
                }
                prev = c;
                i++;
            }
            if (i == start) {
                return null;
            }
            host = s.substring(start, i);
        }
        int port = -1;
        if (i < to && s.charAt(i) == ':') {
            int start = ++i;
            port = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 5) {
                port = port * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || port > 65535) {
                return null;
            }
        }
        ParamMap params = ParamMap.EMPTY;
        if (i < to && s.charAt(i) == ';') {
            ParamMap.Builder pb = new ParamMap.Builder();
            while (i < to && s.charAt(i) == ';') {
                int start = ++i;
                int eq = -1;
                while (i < to) {
                    char c = s.charAt(i);
                    if (c == ';' || c == '?') {
                        break;
                    }
                    if (c == '=' && eq < 0) {
                        eq = i;
                    }
                    i++;
                }
                int nameEnd = eq < 0 ? i : eq;
                if (nameEnd == start || !Escaping.valid(s, start, nameEnd, Escaping.PARAM)
                    || (eq >= 0 && (eq + 1 == i || !Escaping.valid(s, eq + 1, i, Escaping.PARAM)))) {
                    return null;
                }
                pb.put(Names.of(s, start, nameEnd), eq < 0 ? "" : Names.of(s, eq + 1, i));
            }
            params = pb.build();
        }
        Map<String, String> headers = Map.of();
        if (i < to && s.charAt(i) == '?') {
            headers = new LinkedHashMap<>();
            i++;
            while (true) {
                int start = i;
                int eq = -1;
                while (i < to && s.charAt(i) != '&') {
                    if (s.charAt(i) == '=' && eq < 0) {
                        eq = i;
                    }
                    i++;
                }
                if (eq <= start || !Escaping.valid(s, start, eq, Escaping.HEADER)
                    || !Escaping.valid(s, eq + 1, i, Escaping.HEADER)) {
                    return null;
                }
                headers.put(s.substring(start, eq), s.substring(eq + 1, i));
                if (i >= to) {
                    break;
                }
                i++;
            }
        }
        if (i != to) {
            return null;
        }
        return new SipUri(secure, user, password, host, port, params, headers);
    }

    private static TelUri parseTel(String s) {
        int semi = s.indexOf(';');
        String number = semi < 0 ? s : s.substring(0, semi);
        boolean global = number.startsWith("+");
        int digits = 0;
        for (int i = global ? 1 : 0; i < number.length(); i++) {
            char c = number.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean localOnly = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '*' || c == '#';
            if (digit || (!global && localOnly)) {
                digits++;
            } else if (c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        if (digits == 0) {
            return null;
        }
        ParamMap.Builder params = new ParamMap.Builder();
        if (semi >= 0) {
            for (String p : s.substring(semi + 1).split(";", -1)) {
                int eq = p.indexOf('=');
                int nameEnd = eq < 0 ? p.length() : eq;
                if (nameEnd == 0 || !Escaping.valid(p, 0, nameEnd, Escaping.PARAM)
                    || (eq >= 0 && (eq + 1 == p.length() || !Escaping.valid(p, eq + 1, p.length(), Escaping.PARAM)))) {
                    return null;
                }
                params.put(p.substring(0, nameEnd), eq < 0 ? "" : p.substring(eq + 1));
            }
        }
        ParamMap built = params.build();
        if (!global && !built.containsKey("phone-context")) {
            return null;
        }
        return new TelUri(number, built);
    }
}
