package io.vouch.sdp.internal;

/** Character classes of the RFC 8866 §9 grammar. */
public final class SdpSyntax {
    private SdpSyntax() {
    }

    /** {@code token-char} of RFC 8866 §9: visible ASCII except the separators {@code "(),/:;<=>?@[\]} and SP. */
    public static boolean isTokenChar(char c) {
        if (c <= 0x20 || c >= 0x7F) {
            return false;
        }
        return "\"(),/:;<=>?@[\\]".indexOf(c) < 0;
    }

    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isDigits(String s, int maxLength) {
        if (s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Fields separated by single spaces, none empty; null when the shape does not hold. */
    public static String[] fields(String s, int min, int max) {
        String[] f = s.split(" ", -1);
        if (f.length < min || f.length > max) {
            return null;
        }
        for (String x : f) {
            if (x.isEmpty()) {
                return null;
            }
        }
        return f;
    }
}
