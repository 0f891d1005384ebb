package io.vouch.sip.internal;

import io.vouch.sip.AbsoluteUri;
import io.vouch.sip.SipUri;
import io.vouch.sip.TelUri;
import io.vouch.sip.Uri;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses SIP/SIPS (RFC 3261 §19.1, §25.1), tel (RFC 3966) and other absolute URIs; returns null when malformed. */
public final class UriParser {
    private UriParser() {
    }

    public static Uri parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 8192) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127) {
                return null;
            }
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || !validScheme(text, colon)) {
            return null;
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 1);
        return switch (scheme) {
            case "sip" -> parseSip(rest, false);
            case "sips" -> parseSip(rest, true);
            case "tel" -> parseTel(rest);
            default -> rest.isEmpty() ? null : new AbsoluteUri(scheme, rest);
        };
    }

    private static boolean validScheme(String s, int end) {
        if (!Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static SipUri parseSip(String s, boolean secure) {
        int at = s.indexOf('@');
        String user = "";
        String password = "";
        int hostStart = 0;
        if (at >= 0) {
            if (at == 0) {
                return null;
            }
            String userinfo = s.substring(0, at);
            int colon = userinfo.indexOf(':');
            String rawUser = colon < 0 ? userinfo : userinfo.substring(0, colon);
            String rawPassword = colon < 0 ? "" : userinfo.substring(colon + 1);
            if (rawUser.isEmpty() || !allowed(rawUser, 0) || !allowed(rawPassword, 1)) {
                return null;
            }
            user = Escaping.unescape(rawUser);
            password = Escaping.unescape(rawPassword);
            if (user == null || password == null) {
                return null;
            }
            hostStart = at + 1;
        }
        int i = hostStart;
        String host;
        if (i < s.length() && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0 || !validIpv6(s, i + 1, close)) {
                return null;
            }
            host = s.substring(i, close + 1);
            i = close + 1;
        } else {
            int start = i;
            while (i < s.length() && Chars.isHostChar(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return null;
            }
            host = s.substring(start, i);
            if (host.startsWith(".") || host.contains("..") || host.startsWith("-")) {
                return null;
            }
        }
        int port = -1;
        if (i < s.length() && s.charAt(i) == ':') {
            int start = ++i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 5) {
                return null;
            }
            port = Integer.parseInt(s, start, i, 10);
            if (port > 65535) {
                return null;
            }
        }
        ParamMap.Builder params = new ParamMap.Builder();
        while (i < s.length() && s.charAt(i) == ';') {
            int start = ++i;
            while (i < s.length() && s.charAt(i) != ';' && s.charAt(i) != '?') {
                i++;
            }
            String p = s.substring(start, i);
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            if (name.isEmpty() || !allowed(name, 2) || (eq >= 0 && (value.isEmpty() || !allowed(value, 2)))) {
                return null;
            }
            params.put(name, value);
        }
        Map<String, String> headers = Map.of();
        if (i < s.length() && s.charAt(i) == '?') {
            headers = new LinkedHashMap<>();
            for (String h : s.substring(i + 1).split("&", -1)) {
                int eq = h.indexOf('=');
                if (eq <= 0 || !allowed(h.substring(0, eq), 3) || !allowed(h.substring(eq + 1), 3)) {
                    return null;
                }
                headers.put(h.substring(0, eq), h.substring(eq + 1));
            }
            i = s.length();
        }
        if (i != s.length()) {
            return null;
        }
        return new SipUri(secure, user, password, host, port, params.build(), headers);
    }

    /** kind: 0 user, 1 password, 2 param, 3 header. */
    private static boolean allowed(String s, int kind) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '%' || switch (kind) {
                case 0 -> Escaping.userChar(c);
                case 1 -> Escaping.passwordChar(c);
                case 2 -> Escaping.paramChar(c);
                default -> Escaping.headerChar(c);
            };
            if (!ok) {
                return false;
            }
        }
        return Escaping.validEscapes(s);
    }

    private static boolean validIpv6(String s, int from, int to) {
        if (to - from < 2) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return s.indexOf(':', from) < to;
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
                String name = eq < 0 ? p : p.substring(0, eq);
                String value = eq < 0 ? "" : p.substring(eq + 1);
                if (name.isEmpty() || !allowed(name, 2) || (eq >= 0 && (value.isEmpty() || !allowed(value, 2)))) {
                    return null;
                }
                params.put(name, value);
            }
        }
        ParamMap built = params.build();
        if (!global && !built.containsKey("phone-context")) {
            return null;
        }
        return new TelUri(number, built);
    }
}
