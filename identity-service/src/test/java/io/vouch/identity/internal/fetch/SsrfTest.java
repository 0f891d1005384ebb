package io.vouch.identity.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SsrfTest {
    private final Ssrf strict = new Ssrf(List.of(), List.of(), List.of(), List.of(), false);

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void refusesNonPublicAddresses() throws Exception {
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "224.0.0.1", "::ffff:127.0.0.1")) {
            assertTrue(strict.checkAddress(ip(a)).isPresent(), a);
        }
        assertEquals(Optional.empty(), strict.checkAddress(ip("8.8.8.8")));
    }

    @Test
    void allowsLoopbackOnlyWhenSwitchedOn() throws Exception {
        Ssrf loopback = new Ssrf(List.of(), List.of(), List.of(), List.of(), true);
        assertEquals(Optional.empty(), loopback.checkAddress(ip("127.0.0.1")));
        assertTrue(loopback.checkAddress(ip("10.0.0.1")).isPresent());
    }

    @Test
    void appliesCidrListsWithDenyFirst() throws Exception {
        Ssrf s = new Ssrf(List.of(), List.of(), List.of(Cidr.parse("10.20.0.0/16")),
                List.of(Cidr.parse("10.20.30.0/24"), Cidr.parse("203.0.113.0/24")), false);
        assertEquals(Optional.empty(), s.checkAddress(ip("10.20.1.1")));
        assertTrue(s.checkAddress(ip("10.20.30.1")).isPresent());
        assertTrue(s.checkAddress(ip("203.0.113.9")).isPresent());
    }

    @Test
    void matchesHostListsExactlyOrBySuffix() {
        Ssrf s = new Ssrf(List.of(".sti.example.net", "cert.example.org"), List.of("bad.sti.example.net"),
                List.of(), List.of(), false);
        assertEquals(Optional.empty(), s.checkHost("a.sti.example.net"));
        assertEquals(Optional.empty(), s.checkHost("CERT.example.org"));
        assertTrue(s.checkHost("bad.sti.example.net").isPresent());
        assertTrue(s.checkHost("evil.example.com").isPresent());
        assertTrue(s.checkHost("xsti.example.net").isPresent());
    }

    @Test
    void matchesAnIpLiteralInTheHostListsWhateverFormTheUrlWritesItIn() {
        Ssrf deny = new Ssrf(List.of(), List.of("::1", "[2001:db8::9]"), List.of(), List.of(), true);
        for (String host : List.of("[::1]", "[0:0:0:0:0:0:0:1]", "::1", "[2001:DB8:0::9]")) {
            assertEquals(Optional.of("host denied"), deny.checkHost(host), host);
        }
        assertEquals(Optional.empty(), deny.checkHost("[2001:db8::8]"));
        Ssrf allow = new Ssrf(List.of("[2001:db8::7]", "192.0.2.7"), List.of(), List.of(), List.of(), false);
        assertEquals(Optional.empty(), allow.checkHost("[2001:db8:0:0::7]"));
        assertEquals(Optional.empty(), allow.checkHost("192.0.2.7"));
        assertEquals(Optional.of("host not allowed"), allow.checkHost("[2001:db8::8]"));
    }
}
