package io.vouch.seal.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the key material in the body of an encoded SIP message: the {@code key||salt} of every {@code inline:} key
 * of an {@code a=crypto} line (RFC 4568 §9.1) and the data of every {@code a=key-mgmt} line (RFC 4567 §3.1), in any
 * part of the body (multipart included, since parts are scanned as text lines).
 */
public final class SecretSpans {
    /** A secret: {@code length} octets at {@code offset} of the whole message. */
    public record Span(int offset, int length) {
    }

    private static final byte[] CRYPTO = "a=crypto:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_MGMT = "a=key-mgmt:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INLINE = "inline:".getBytes(StandardCharsets.US_ASCII);

    private SecretSpans() {
    }

    /** The spans in message order; empty when there is no body or no key material. */
    public static List<Span> find(byte[] sip) {
        int body = bodyStart(sip);
        List<Span> out = new ArrayList<>();
        if (body < 0) {
            return out;
        }
        int line = body;
        while (line < sip.length) {
            int end = line;
            while (end < sip.length && sip[end] != '\n' && sip[end] != '\r') {
                end++;
            }
            if (startsWith(sip, line, end, CRYPTO)) {
                inlineKeys(sip, line + CRYPTO.length, end, out);
            } else if (startsWith(sip, line, end, KEY_MGMT)) {
                keyMgmtData(sip, line + KEY_MGMT.length, end, out);
            }
            line = end + 1;
        }
        return out;
    }

    private static void inlineKeys(byte[] sip, int from, int end, List<Span> out) {
        int i = from;
        while (i + INLINE.length <= end) {
            if (startsWith(sip, i, end, INLINE)) {
                int start = i + INLINE.length;
                int stop = start;
                while (stop < end && sip[stop] != '|' && sip[stop] != ';' && sip[stop] != ' '
                        && sip[stop] != '\t') {
                    stop++;
                }
                if (stop > start) {
                    out.add(new Span(start, stop - start));
                }
                i = stop;
            } else {
                i++;
            }
        }
    }

    /** {@code a=key-mgmt:<prtcl-id> SP <keymgmt-data>}: everything after the protocol id is the payload. */
    private static void keyMgmtData(byte[] sip, int from, int end, List<Span> out) {
        int sp = from;
        while (sp < end && sip[sp] != ' ') {
            sp++;
        }
        int start = sp;
        while (start < end && sip[start] == ' ') {
            start++;
        }
        int stop = end;
        while (stop > start && (sip[stop - 1] == ' ' || sip[stop - 1] == '\t')) {
            stop--;
        }
        if (stop > start) {
            out.add(new Span(start, stop - start));
        }
    }

    /** Index after the first empty line (CRLF CRLF, or bare LF LF), or -1 when the message has no body. */
    static int bodyStart(byte[] sip) {
        for (int i = 0; i + 1 < sip.length; i++) {
            if (sip[i] == '\n' && sip[i + 1] == '\n') {
                return i + 2 < sip.length ? i + 2 : -1;
            }
            if (sip[i] == '\n' && sip[i + 1] == '\r' && i + 2 < sip.length && sip[i + 2] == '\n') {
                return i + 3 < sip.length ? i + 3 : -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] sip, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            int c = sip[at + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != prefix[k]) {
                return false;
            }
        }
        return true;
    }
}
