package io.vouch.identity.internal.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An address block {@code address/prefix} (IPv4 or IPv6) for SSRF allow and deny lists. */
public record Cidr(byte[] network, int prefix) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        network = network.clone();
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix out of range");
        }
    }

    /** Parses {@code 10.0.0.0/8}, {@code ::1/128} or a bare address; only IP literals, never a DNS lookup. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
        return new Cidr(bytes, prefix);
    }

    /** Whether the address lies in this block (an IPv4-mapped IPv6 address counts as IPv4). */
    public boolean contains(InetAddress address) {
        byte[] a = Ssrf.unmapped(address).getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rem = prefix % 8;
        if (rem == 0) {
            return true;
        }
        int mask = (0xff << (8 - rem)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }
}
