package io.vouch.sip.internal;

/** Character classes of the SIP grammar (RFC 3261 §25.1), as lookup tables over ASCII. */
public final class Chars {
    private static final boolean[] TOKEN = new boolean[128];
    private static final boolean[] HOST = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c : "-.!%*_+`'~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (int c = 0; c < 128; c++) {
            HOST[c] = Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_';
        }
    }

    private Chars() {
    }

    /** Whether {@code c} is a token character (RFC 3261 §25.1 {@code token}). */
    public static boolean isToken(int c) {
        return c < 128 && c >= 0 && TOKEN[c];
    }

    /** Whether {@code s} is a non-empty token. */
    public static boolean isToken(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isToken(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c} may appear in a host name or IPv4 address (underscore tolerated as deployed). */
    public static boolean isHostChar(int c) {
        return c < 128 && c >= 0 && HOST[c];
    }

    /** Whether {@code c} is linear white space inside an unfolded header value. */
    public static boolean isWs(int c) {
        return c == ' ' || c == '\t';
    }

    /** Whether {@code s} contains only digits (and at least one) — no sign, no spaces. */
    public static boolean isDigits(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an unsigned decimal of at most 18 digits, or returns -1 when {@code s} is not one; longer
     * digit strings (which could overflow) return -2 so callers can clamp or reject.
     */
    public static long parseUnsigned(CharSequence s) {
        if (!isDigits(s)) {
            return -1;
        }
        int start = 0;
        while (start < s.length() - 1 && s.charAt(start) == '0') {
            start++;
        }
        if (s.length() - start > 18) {
            return -2;
        }
        long v = 0;
        for (int i = start; i < s.length(); i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** Whether {@code s} contains CR or LF, which must never be written into a header value or start line. */
    public static boolean hasLineBreak(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} is a control character other than HTAB (RFC 5234 CTL). */
    public static boolean isControl(int c) {
        return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
    }

    /** Whether {@code s} contains a control character other than HTAB, as no reason phrase may (RFC 3261 §25.1). */
    public static boolean hasControl(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@link #quoteState} bit: inside a quoted-string. */
    public static final int QUOTED = 1;
    /** {@link #quoteState} bit: the previous character was a backslash inside a quoted-string. */
    public static final int ESCAPED = 2;

    /**
     * Advances the quoted-string state of a header value (start with 0) over character {@code c}, or returns -1
     * when {@code c} is a control character other than HTAB outside a quoted-pair, the only place RFC 3261 §25.1
     * admits one. CR and LF are the caller's: they are line structure, never content.
     */
    public static int quoteState(int state, int c) {
        if ((state & ESCAPED) != 0) {
            return state & ~ESCAPED;
        }
        if (c == '"') {
            return state ^ QUOTED;
        }
        if (c == '\\' && (state & QUOTED) != 0) {
            return state | ESCAPED;
        }
        return isControl(c) ? -1 : state;
    }

    /** Whether header value {@code s} contains CR, LF, or another control character outside a quoted-pair. */
    public static boolean hasBareControl(CharSequence s) {
        int state = 0;
        for (int i = 0; i < s.length() && state >= 0; i++) {
            char c = s.charAt(i);
            state = c == '\r' || c == '\n' ? -1 : quoteState(state, c);
        }
        return state < 0;
    }

    /**
     * Quotes {@code s} as a quoted-string (RFC 3261 §25.1), escaping backslash, double quote and every control
     * character but HTAB as a quoted-pair, since qdtext admits none of them.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || isControl(c)) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
