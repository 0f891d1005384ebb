package io.vouch.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-level parser of a message head: start line and header fields up to the empty line (RFC 3261 §7,
 * §7.3.1 folding). It checks every bound before reading, never throws on input, and keeps whatever
 * header lines it read before an error so the caller can still address a 400.
 */
public final class HeadParser {
    /** Result of parsing one head; fields are set as far as parsing got. */
    public static final class Head {
        /** First problem found, null when the head is well-formed. */
        public String error;
        /** Suggested response status for {@link #error}. */
        public int errorStatus;
        public boolean startLineParsed;
        public boolean request;
        public String method;
        public String uriText;
        public String version;
        public int status;
        public String reason;
        public String[] names = new String[20];
        public String[] values = new String[20];
        public int count;
        /** Offset of the first body byte, or -1 when the empty line was not reached. */
        public int bodyStart = -1;

        void fail(String reason, int statusCode) {
            if (error == null) {
                error = reason;
                errorStatus = statusCode;
            }
        }

        void add(String name, String value) {
            if (count == names.length) {
                names = Arrays.copyOf(names, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            names[count] = name;
            values[count] = value;
            count++;
        }
    }

    private HeadParser() {
    }

    /**
     * Returns the offset just past the empty line that ends the head starting at or before {@code from},
     * or -1 when {@code b[from, to)} does not contain it yet. {@code from} may point inside the head; the
     * caller resumes by passing the previous {@code to - 3}.
     */
    public static int findHeadEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                if (i + 1 < to && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Parses the head in {@code b[off, end)}; {@code off} is the first byte of the start line. */
    public static Head parse(byte[] b, int off, int end, int maxStartLine, int maxHeaderLine, int maxHeaders) {
        Head h = new Head();
        int lf = indexOf(b, off, Math.min(end, off + maxStartLine + 2), (byte) '\n');
        if (lf < 0) {
            h.fail(end - off > maxStartLine ? "start line too long" : "no end of start line",
                end - off > maxStartLine ? 513 : 400);
            return h;
        }
        int lineEnd = lf > off && b[lf - 1] == '\r' ? lf - 1 : lf;
        if (lineEnd - off > maxStartLine) {
            h.fail("start line too long", 513);
            return h;
        }
        startLine(b, off, lineEnd, h);
        if (h.reason != null && "SIP/2.0 000 ".length() + Utf8.encodedLength(h.reason) > maxStartLine) {
            h.fail("start line too long", 513);
            return h;
        }
        headers(b, lf + 1, end, maxHeaderLine, maxHeaders, h);
        return h;
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int off, int end, String prefix) {
        if (end - off < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int c = b[off + i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void startLine(byte[] b, int off, int end, Head h) {
        if (startsWithIgnoreCase(b, off, end, "SIP/")) {
            h.request = false;
            int sp = indexOf(b, off, end, (byte) ' ');
            if (sp < 0 || sp + 4 > end) {
                h.fail("bad status line", 400);
                return;
            }
            h.version = ascii(b, off, sp);
            int code = 0;
            for (int i = sp + 1; i < sp + 4; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    h.fail("bad status code", 400);
                    return;
                }
                code = code * 10 + (b[i] - '0');
            }
            if (code < 100 || code > 699 || (sp + 4 < end && b[sp + 4] != ' ')) {
                h.fail("bad status code", 400);
                return;
            }
            h.status = code;
            h.reason = sp + 5 <= end ? Utf8.decode(b, sp + 5, end - sp - 5) : "";
            if (hasControl(b, sp + 4, end)) {
                h.fail("control character in reason phrase", 400);
                return;
            }
            checkVersion(h);
            h.startLineParsed = h.error == null;
            return;
        }
        h.request = true;
        int sp1 = off;
        while (sp1 < end && Chars.isToken(b[sp1])) {
            sp1++;
        }
        if (sp1 == off || sp1 >= end || b[sp1] != ' ') {
            h.fail("bad request line", 400);
            return;
        }
        h.method = ascii(b, off, sp1);
        int sp2 = indexOf(b, sp1 + 1, end, (byte) ' ');
        if (sp2 < 0 || sp2 == sp1 + 1) {
            h.fail("bad request line", 400);
            return;
        }
        h.uriText = new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        if (indexOf(b, sp2 + 1, end, (byte) ' ') >= 0 || sp2 + 1 >= end) {
            h.fail("bad request line", 400);
            return;
        }
        h.version = ascii(b, sp2 + 1, end);
        checkVersion(h);
        h.startLineParsed = true;
    }

    private static boolean hasControl(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Chars.isControl(b[i])) {
                return true;
            }
        }
        return false;
    }

    private static void checkVersion(Head h) {
        String v = h.version;
        if (v.equalsIgnoreCase("SIP/2.0")) {
            h.version = "SIP/2.0";
            return;
        }
        boolean sipVersion = v.length() > 4 && v.regionMatches(true, 0, "SIP/", 0, 4);
        h.fail(sipVersion ? "unsupported version" : "bad version", sipVersion ? 505 : 400);
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static void headers(byte[] b, int pos, int end, int maxLine, int maxHeaders, Head h) {
        boolean lengthSeen = false;
        while (pos < end) {
            if (b[pos] == '\n') {
                endOfHead(h, pos + 1, maxHeaders, lengthSeen);
                return;
            }
            if (b[pos] == '\r' && pos + 1 < end && b[pos + 1] == '\n') {
                endOfHead(h, pos + 2, maxHeaders, lengthSeen);
                return;
            }
            if (b[pos] == ' ' || b[pos] == '\t') {
                h.fail("continuation line without header", 400);
                return;
            }
            // name
            int nameEnd = pos;
            while (nameEnd < end && Chars.isToken(b[nameEnd])) {
                nameEnd++;
            }
            int colon = nameEnd;
            while (colon < end && (b[colon] == ' ' || b[colon] == '\t')) {
                colon++;
            }
            if (nameEnd == pos || colon >= end || b[colon] != ':') {
                h.fail("bad header line", 400);
                return;
            }
            // logical line end, following folded continuation lines
            int valueStart = colon + 1;
            int limit = Math.min(end, pos + maxLine + 2);
            int i = valueStart;
            boolean folded = false;
            int quote = 0;
            int bits = 0;
            int lineEnd;
            while (true) {
                while (i < limit && b[i] != '\n') {
                    int c = b[i];
                    bits |= c;
                    if (c == '\r') {
                        if (i + 1 >= end || b[i + 1] != '\n') {
                            // a bare CR is a line break to some parsers: refuse rather than risk header smuggling
                            h.fail("bare CR in header", 400);
                            return;
                        }
                    } else {
                        quote = Chars.quoteState(quote, c);
                        if (quote < 0) {
                            // RFC 3261 §25.1: outside a quoted-pair no header production admits a control octet
                            h.fail("control character in header", 400);
                            return;
                        }
                    }
                    i++;
                }
                if (i >= limit) {
                    if (limit < end || i - pos > maxLine) {
                        h.fail("header line too long", 513);
                    } else {
                        h.fail("truncated header", 400);
                    }
                    return;
                }
                lineEnd = i;
                if (i + 1 < end && (b[i + 1] == ' ' || b[i + 1] == '\t')) {
                    folded = true;
                    quote &= ~Chars.ESCAPED;
                    i++;
                    continue;
                }
                break;
            }
            int contentEnd = lineEnd > valueStart && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd - pos > maxLine) {
                h.fail("header line too long", 513);
                return;
            }
            if (h.count >= maxHeaders) {
                h.fail("too many headers", 513);
                return;
            }
            String name = HeaderNames.canonical(b, pos, nameEnd - pos);
            String value = folded ? unfold(b, valueStart, contentEnd) : trimmed(b, valueStart, contentEnd, bits >= 0);
            if (name.length() + 2 + Utf8.encodedLength(value) > maxLine) {
                // the encoder writes "Name: value" with the full name and UTF-8 text: that line must fit too
                h.fail("header line too long", 513);
                return;
            }
            lengthSeen |= name.equals(HeaderNames.CONTENT_LENGTH);
            h.add(name, value);
            pos = lineEnd + 1;
        }
        // reached the end without an empty line: tolerated for a datagram ending right after a header line
        if (pos == end && end > 0 && b[end - 1] == '\n') {
            endOfHead(h, end, maxHeaders, lengthSeen);
        } else {
            h.fail("no empty line after headers", 400);
        }
    }

    /**
     * Marks the body start, unless the head has no Content-Length and no room for the one the encoder always
     * writes: re-encoded, the message must stay within the header-count limit it was accepted under.
     */
    private static void endOfHead(Head h, int bodyStart, int maxHeaders, boolean lengthSeen) {
        if (!lengthSeen && h.count >= maxHeaders) {
            h.fail("too many headers", 513);
            return;
        }
        h.bodyStart = bodyStart;
    }

    private static String trimmed(byte[] b, int from, int to, boolean ascii) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return ascii ? new String(b, from, to - from, StandardCharsets.ISO_8859_1) : Utf8.decode(b, from, to - from);
    }

    /** Replaces each CRLF (or LF) followed by white space with a single space (RFC 3261 §7.3.1). */
    private static String unfold(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c == '\r' || c == '\n') {
                while (i < to && (b[i] == '\r' || b[i] == '\n' || b[i] == ' ' || b[i] == '\t')) {
                    i++;
                }
                if (n > 0 && out[n - 1] != ' ') {
                    out[n++] = ' ';
                }
                continue;
            }
            out[n++] = c;
            i++;
        }
        return trimmed(out, 0, n, false);
    }
}
