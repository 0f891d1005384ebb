package io.vouch.sip.internal;

/**
 * The IPv6address grammar of RFC 3986 §3.2.2 (used by RFC 3261 §25.1 and RFC 5118 §4.10, RFC 5954): at most
 * eight 16-bit groups of one to four hex digits, {@code ::} at most once and standing for at least one group, an
 * optional trailing dotted-quad IPv4 address counting as two groups.
 */
public final class Ipv6 {
    private Ipv6() {
    }

    /** Whether {@code s[from, to)} (without brackets) is an IPv6address. */
    public static boolean valid(String s, int from, int to) {
        int groups = 0;
        boolean elided = false;
        int i = from;
        if (i + 1 < to && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            elided = true;
            i += 2;
            if (i == to) {
                return true; // "::"
            }
        } else if (i < to && s.charAt(i) == ':') {
            return false; // a single leading colon
        }
        while (i < to) {
            int start = i;
            while (i < to && i - start < 5 && Character.digit(s.charAt(i), 16) >= 0) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // the embedded IPv4 address ends the address and stands for two groups
                if (!ipv4(s, start, to)) {
                    return false;
                }
                groups += 2;
                return elided ? groups <= 6 : groups == 8;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (elided) {
                    return false; // "::" a second time, or ":::"
                }
                elided = true;
                i++;
                if (i == to) {
                    break; // trailing "::"
                }
            } else if (i == to) {
                return false; // a single trailing colon
            }
        }
        return elided ? groups <= 7 : groups == 8;
    }

    /** Whether {@code s[from, to)} is a dotted-quad IPv4 address (RFC 3986 dec-octet, no leading zeros). */
    public static boolean ipv4(String s, int from, int to) {
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i == to) {
                return octets == 4;
            }
            if (s.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
    }
}
