package io.vouch.runtime.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;

/**
 * IP address literals from configuration in the form the edge writes a flow's source
 * ({@link InetAddress#getHostAddress()}), so a configured {@code ::1} matches a source {@code 0:0:0:0:0:0:0:1}.
 * Anything that is not an IP literal (a host name) is kept as written; nothing is resolved.
 */
public final class Addresses {
    private Addresses() {
    }

    /** {@code value} trimmed, and as {@link InetAddress#getHostAddress()} writes it when it is an IP literal. */
    public static String canonical(String value) {
        String v = value.trim();
        String literal = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(literal);
        return a == null ? v : a.getHostAddress();
    }

    /** Each of {@code values} {@link #canonical}, in order. */
    public static List<String> canonical(Collection<String> values) {
        return values.stream().map(Addresses::canonical).toList();
    }
}
