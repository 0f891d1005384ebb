package io.vouch.sip.internal;

import java.nio.charset.StandardCharsets;

/** UTF-8 validation and lenient decoding of header bytes (RFC 3261 §25: UTF-8 text, never a crash on other bytes). */
public final class Utf8 {
    private Utf8() {
    }

    /** Whether {@code b[off, off+len)} is well-formed UTF-8 (no overlongs, no surrogates). */
    public static boolean valid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= end) {
                return false;
            }
            int cp = c & (0x3f >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = cp << 6 | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }

    /**
     * Decodes header bytes: ASCII and valid UTF-8 as UTF-8, anything else as ISO-8859-1 so that every byte
     * survives as one character.
     */
    public static String decode(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return valid(b, off, len)
                    ? new String(b, off, len, StandardCharsets.UTF_8)
                    : new String(b, off, len, StandardCharsets.ISO_8859_1);
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /** The number of bytes {@code s} takes encoded as UTF-8 (an unpaired surrogate counted as two, never less). */
    public static int encodedLength(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }
}
