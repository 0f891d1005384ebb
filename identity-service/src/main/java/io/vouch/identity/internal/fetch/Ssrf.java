package io.vouch.identity.internal.fetch;

import io.vouch.runtime.config.Addresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Server-side request forgery guard for certificate URLs: host allow/deny lists (exact or {@code .suffix}),
 * address allow/deny blocks, and refusal of loopback, private, link-local, CGNAT, unique-local, multicast and
 * unspecified addresses unless an allow block names them (loopback additionally behind its own switch).
 */
public record Ssrf(List<String> allowHosts, List<String> denyHosts, List<Cidr> allowCidrs, List<Cidr> denyCidrs,
                   boolean allowLoopback) {
    private static final List<Cidr> SPECIAL = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"), Cidr.parse("224.0.0.0/3"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("ff00::/8"), Cidr.parse("::/128"),
            Cidr.parse("64:ff9b::/96"));

    public Ssrf {
        allowHosts = List.copyOf(allowHosts.stream().map(Ssrf::canonical).toList());
        denyHosts = List.copyOf(denyHosts.stream().map(Ssrf::canonical).toList());
        allowCidrs = List.copyOf(allowCidrs);
        denyCidrs = List.copyOf(denyCidrs);
    }

    /** Why a host name is refused before any lookup, or empty when it may be resolved. */
    public Optional<String> checkHost(String host) {
        String h = canonical(host);
        if (matches(denyHosts, h)) {
            return Optional.of("host denied");
        }
        if (!allowHosts.isEmpty() && !matches(allowHosts, h)) {
            return Optional.of("host not allowed");
        }
        return Optional.empty();
    }

    /** Why a resolved address is refused, or empty when it may be contacted. */
    public Optional<String> checkAddress(InetAddress address) {
        InetAddress a = unmapped(address);
        for (Cidr c : denyCidrs) {
            if (c.contains(a)) {
                return Optional.of("address denied");
            }
        }
        for (Cidr c : allowCidrs) {
            if (c.contains(a)) {
                return Optional.empty();
            }
        }
        if (a.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("loopback address");
        }
        if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return Optional.of("non-public address");
        }
        for (Cidr c : SPECIAL) {
            if (c.contains(a)) {
                return Optional.of("non-public address");
            }
        }
        return Optional.empty();
    }

    /** A host name lower-cased; an IP literal (bracketed or not) in one written form, so {@code [::1]} is {@code ::1}. */
    private static String canonical(String host) {
        return Addresses.canonical(host).toLowerCase(Locale.ROOT);
    }

    private static boolean matches(List<String> patterns, String host) {
        for (String p : patterns) {
            if (p.startsWith(".") ? host.endsWith(p) || host.equals(p.substring(1)) : host.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as the IPv4 address it maps. */
    static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }
}
