package io.vouch.sip.internal;

import java.nio.charset.StandardCharsets;

/** Percent-escaping of SIP URI user and password parts (RFC 3261 §19.1.2 and §25.1). */
public final class Escaping {
    private static final String MARK = "-_.!~*'()";
    private static final String USER_UNRESERVED = "&=+$,;?/";
    private static final String PASSWORD_UNRESERVED = "&=+$,";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Escaping() {
    }

    /** Bit flags per ASCII character: which URI components may hold it unescaped. */
    public static final int USER = 1;
    public static final int PASSWORD = 2;
    public static final int PARAM = 4;
    public static final int HEADER = 8;
    private static final byte[] CLASSES = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            boolean unreserved = Character.isLetterOrDigit(c) || MARK.indexOf(c) >= 0;
            int bits = 0;
            if (unreserved || USER_UNRESERVED.indexOf(c) >= 0) {
                bits |= USER;
            }
            if (unreserved || PASSWORD_UNRESERVED.indexOf(c) >= 0) {
                bits |= PASSWORD;
            }
            if (unreserved || "[]/:&+$".indexOf(c) >= 0) {
                bits |= PARAM;
            }
            if (unreserved || "[]/?:+$".indexOf(c) >= 0) {
                bits |= HEADER;
            }
            CLASSES[c] = (byte) bits;
        }
    }

    /** Whether {@code c} is allowed unescaped in a component of class {@code kind} (one of the flags). */
    public static boolean is(char c, int kind) {
        return c < 128 && (CLASSES[c] & kind) != 0;
    }

    /** Whether {@code c} may appear unescaped in a user part. */
    public static boolean userChar(char c) {
        return is(c, USER);
    }

    /** Whether {@code c} may appear unescaped in a password. */
    public static boolean passwordChar(char c) {
        return is(c, PASSWORD);
    }

    /** Whether {@code c} may appear unescaped in a URI parameter name or value. */
    public static boolean paramChar(char c) {
        return is(c, PARAM);
    }

    /** Whether {@code c} may appear unescaped in a URI header name or value. */
    public static boolean headerChar(char c) {
        return is(c, HEADER);
    }

    /**
     * Whether {@code s[from, to)} holds only characters of class {@code kind} and well-formed escapes.
     */
    public static boolean valid(String s, int from, int to, int kind) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    return false;
                }
                i += 2;
            } else if (!is(c, kind)) {
                return false;
            }
        }
        return true;
    }

    public static void escapeUser(String s, StringBuilder out) {
        escape(s, out, true);
    }

    public static void escapePassword(String s, StringBuilder out) {
        escape(s, out, false);
    }

    private static void escape(String s, StringBuilder out, boolean user) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (user ? userChar(c) : passwordChar(c)) {
                out.append(c);
            } else if (c < 128) {
                appendHex(out, c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendHex(out, b & 0xff);
                }
                i = end - 1;
            }
        }
    }

    private static void appendHex(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Resolves percent escapes; the bytes are read as UTF-8 when valid, otherwise as ISO-8859-1.
     * Returns null when an escape is malformed.
     */
    public static String unescape(String s) {
        int pct = s.indexOf('%');
        if (pct < 0) {
            return s;
        }
        byte[] bytes = new byte[s.length()];
        int n = 0;
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int h = hex(s.charAt(i + 1));
                int l = hex(s.charAt(i + 2));
                if (h < 0 || l < 0) {
                    return null;
                }
                int b = h << 4 | l;
                ascii &= b < 128;
                bytes[n++] = (byte) b;
                i += 2;
            } else if (c < 128) {
                bytes[n++] = (byte) c;
            } else {
                return null;
            }
        }
        if (ascii) {
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        return Utf8.valid(bytes, 0, n)
            ? new String(bytes, 0, n, StandardCharsets.UTF_8)
            : new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }
}
