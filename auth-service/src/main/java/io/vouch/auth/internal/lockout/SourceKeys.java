package io.vouch.auth.internal.lockout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalizes a source address into the unit brute-force counters are kept for: an IPv4 address as is, an IPv6
 * address by its /64 prefix (one subscriber usually holds a whole /64, RFC 6177 §2, so counting single addresses
 * would let a client rotate past any threshold).
 */
public final class SourceKeys {
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

    private SourceKeys() {
    }

    /** The counter key for a host as seen by the edge; unknown syntax is returned lower-cased. */
    public static String of(String host) {
        if (host == null || host.isEmpty()) {
            return "unknown";
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        if (h.indexOf(':') < 0) {
            return h.toLowerCase(Locale.ROOT);
        }
        List<String> groups = expand(h);
        if (groups == null) {
            return h.toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append(Integer.toHexString(Integer.parseInt(groups.get(i), 16))).append(':');
        }
        return sb.append(":/64").toString();
    }

    private static List<String> expand(String h) {
        String[] halves = h.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        List<String> head = groups(halves[0]);
        List<String> tail = halves.length == 2 ? groups(halves[1]) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        List<String> all = new ArrayList<>(head);
        if (halves.length == 2) {
            int missing = 8 - head.size() - tail.size();
            if (missing < 1) {
                return null;
            }
            for (int i = 0; i < missing; i++) {
                all.add("0");
            }
        }
        all.addAll(tail);
        return all.size() == 8 ? all : null;
    }

    /** Hex groups of one half; a trailing dotted IPv4 counts as two groups. */
    private static List<String> groups(String half) {
        List<String> out = new ArrayList<>();
        if (half.isEmpty()) {
            return out;
        }
        for (String g : half.split(":", -1)) {
            if (g.contains(".")) {
                out.add("0");
                out.add("0");
            } else if (HEX_GROUP.matcher(g).matches()) {
                out.add(g);
            } else {
                return null;
            }
        }
        return out;
    }
}
