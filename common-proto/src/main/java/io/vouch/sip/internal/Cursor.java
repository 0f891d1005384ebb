package io.vouch.sip.internal;

/**
 * A bounds-checked read position over an unfolded header value; every method returns a sentinel
 * (null, -1, false) rather than throwing when the input does not match.
 */
public final class Cursor {
    private final String s;
    private final int end;
    private int pos;

    public Cursor(String s) {
        this(s, 0, s.length());
    }

    public Cursor(String s, int start, int end) {
        this.s = s;
        this.pos = start;
        this.end = end;
    }

    public int pos() {
        return pos;
    }

    public void pos(int p) {
        pos = p;
    }

    public int end() {
        return end;
    }

    public String source() {
        return s;
    }

    public boolean eof() {
        return pos >= end;
    }

    /** The next character, or -1 at the end. */
    public int peek() {
        return pos < end ? s.charAt(pos) : -1;
    }

    public void skip() {
        pos++;
    }

    public void skipWs() {
        while (pos < end && Chars.isWs(s.charAt(pos))) {
            pos++;
        }
    }

    /** Skips white space, then consumes {@code c} if it is next; white space after it is skipped too. */
    public boolean consume(char c) {
        int save = pos;
        skipWs();
        if (pos < end && s.charAt(pos) == c) {
            pos++;
            skipWs();
            return true;
        }
        pos = save;
        return false;
    }

    /** Reads a token, or returns null (position unchanged) when none starts here. */
    public String token() {
        int start = pos;
        while (pos < end && Chars.isToken(s.charAt(pos))) {
            pos++;
        }
        return pos > start ? Names.of(s, start, pos) : null;
    }

    /** Reads characters until one of {@code stops} or white space; null when none was read. */
    public String until(String stops) {
        int start = pos;
        int n = stops.length();
        scan:
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t') {
                break;
            }
            for (int k = 0; k < n; k++) {
                if (stops.charAt(k) == c) {
                    break scan;
                }
            }
            pos++;
        }
        return pos > start ? s.substring(start, pos) : null;
    }

    /**
     * Reads a quoted-string starting at the current position and returns its raw text including the
     * quotes, or null when there is no complete quoted-string here (position unchanged).
     */
    public String rawQuoted() {
        if (peek() != '"') {
            return null;
        }
        int start = pos;
        int i = pos + 1;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                pos = i + 1;
                return s.substring(start, pos);
            }
            i++;
        }
        return null;
    }

    /** Reads a quoted-string and returns its content with quotes removed and escapes resolved, or null. */
    public String quoted() {
        if (peek() != '"') {
            return null;
        }
        int i = pos + 1;
        boolean escapes = false;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '\\') {
                escapes = true;
                i += 2;
                continue;
            }
            if (c == '"') {
                String content = escapes ? unquote(s.substring(pos, i + 1)) : s.substring(pos + 1, i);
                pos = i + 1;
                return content;
            }
            i++;
        }
        return null;
    }

    /** Removes surrounding quotes and quoted-pair escapes; returns {@code raw} itself when it is not quoted. */
    public static String unquote(String raw) {
        if (raw.length() < 2 || raw.charAt(0) != '"' || raw.charAt(raw.length() - 1) != '"') {
            return raw;
        }
        if (raw.indexOf('\\') < 0) {
            return raw.substring(1, raw.length() - 1);
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() - 1) {
                c = raw.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
