package io.vouch.auth.internal.lockout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SourceKeysTest {
    @Test
    void keepsIpv4AddressesWhole() {
        assertEquals("192.0.2.1", SourceKeys.of("192.0.2.1"));
    }

    @Test
    void groupsIpv6AddressesByTheirSlash64() {
        String key = SourceKeys.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        assertEquals("2001:db8:1:2::/64", key);
        assertEquals(key, SourceKeys.of("[2001:0db8:0001:0002::1]"));
        assertEquals(key, SourceKeys.of("2001:db8:1:2::ffff:192.0.2.1"));
        assertEquals(key, SourceKeys.of("2001:DB8:1:2:0:0:0:1%eth0"));
        assertEquals("0:0:0:0::/64", SourceKeys.of("::1"));
    }

    @Test
    void returnsAnythingElseLowerCased() {
        assertEquals("host.example", SourceKeys.of("HOST.example"));
        assertEquals("1:::2::3", SourceKeys.of("1:::2::3"));
        assertEquals("unknown", SourceKeys.of(""));
    }
}
