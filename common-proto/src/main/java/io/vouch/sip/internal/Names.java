package io.vouch.sip.internal;

/**
 * Shared instances of frequent parameter names and tokens, so parsing common messages does not allocate a
 * new string for each of them.
 */
public final class Names {
    private static final String[] COMMON = {
        "branch", "rport", "received", "tag", "lr", "transport", "user", "expires", "q", "maddr", "ttl",
        "method", "ob", "reg-id", "+sip.instance", "alias", "comp", "gr", "refresher", "phone-context",
        "SIP", "2.0", "UDP", "TCP", "TLS", "WS", "WSS", "SCTP", "udp", "tcp", "tls", "ws", "wss", "phone",
    };

    private static final String[] TABLE = new String[128];

    static {
        for (String c : COMMON) {
            int slot = slot(c, 0, c.length());
            while (TABLE[slot] != null) {
                slot = (slot + 1) & (TABLE.length - 1);
            }
            TABLE[slot] = c;
        }
    }

    private Names() {
    }

    private static int slot(String s, int from, int to) {
        int len = to - from;
        return (len * 31 + s.charAt(from) * 7 + s.charAt(to - 1)) & (TABLE.length - 1);
    }

    /** The shared instance equal to {@code s[from, to)} when it is a common name, else a new substring. */
    public static String of(String s, int from, int to) {
        int len = to - from;
        if (len == 0) {
            return "";
        }
        int slot = slot(s, from, to);
        String c;
        while ((c = TABLE[slot]) != null) {
            if (c.length() == len && s.regionMatches(from, c, 0, len)) {
                return c;
            }
            slot = (slot + 1) & (TABLE.length - 1);
        }
        return s.substring(from, to);
    }

    /** {@code s} in lower case, returning {@code s} itself when it has no upper-case ASCII letter. */
    public static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c > 127) {
                return s.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return s;
    }
}
