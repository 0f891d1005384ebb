package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UriTest {

    private static SipUri sip(String s) {
        return assertInstanceOf(SipUri.class, Uri.parse(s).orElseThrow(() -> new AssertionError("no parse: " + s)));
    }

    @Test
    void parsesEveryPartOfASipUri() {
        SipUri u = sip("sips:alice:secret@Atlanta.Example.COM:5061;transport=TCP;lr;maddr=239.255.255.1?subject=project&priority=urgent");
        assertTrue(u.secure());
        assertEquals("alice", u.user());
        assertEquals("secret", u.password());
        assertEquals("Atlanta.Example.COM", u.host());
        assertEquals(5061, u.port());
        assertEquals(Optional.of("TCP"), u.param("Transport"));
        assertEquals(Optional.of("tcp"), u.transport());
        assertTrue(u.lr());
        assertEquals(Map.of("subject", "project", "priority", "urgent"), u.headers());
        assertEquals("alice@atlanta.example.com", u.aor());
        assertEquals("sips", u.scheme());
    }

    @Test
    void unescapesTheUserPartAndEscapesItAgainWhenFormatting() {
        SipUri u = sip("sip:I%20have%20spaces@example.net");
        assertEquals("I have spaces", u.user());
        assertEquals("sip:I%20have%20spaces@example.net", u.toString());
        SipUri nul = sip("sip:null-%00-null@example.com");
        assertEquals("null-\0-null", nul.user());
        assertEquals("sip:null-%00-null@example.com", nul.toString());
        assertEquals("alice", sip("sip:%61lice@example.com").user());
        assertEquals("sip:alice@example.com", sip("sip:%61lice@example.com").toString());
        assertEquals("user;par=u@example.net", sip("sip:user;par=u%40example.net@example.com").user());
        SipUri utf8 = SipUri.of("jürgen", "example.com");
        assertEquals("sip:j%C3%BCrgen@example.com", utf8.toString());
        assertEquals(utf8, sip(utf8.toString()));
    }

    @Test
    void formatsAndReparsesToAnEqualUri() {
        for (String s : new String[] {"sip:example.com", "sip:a@b.example.com:5060;transport=udp;lr",
            "sips:[2001:db8::1]:5061", "sip:+1-202-555-0100@gw.example.net;user=phone",
            "sip:a:p%40ss@h?x=1&y=2", "sip:a@h;maddr=[2001:db8::2];ttl=1"}) {
            SipUri u = sip(s);
            assertEquals(u, sip(u.toString()), s);
        }
    }

    @Test
    void parsesGlobalAndLocalTelUris() {
        TelUri global = assertInstanceOf(TelUri.class, Uri.parse("tel:+1-201-555-0123;ext=42").orElseThrow());
        assertTrue(global.global());
        assertEquals("+12015550123", global.digits());
        assertEquals(Optional.of("42"), global.param("EXT"));
        assertEquals("tel:+1-201-555-0123;ext=42", global.toString());
        TelUri local = assertInstanceOf(TelUri.class, Uri.parse("tel:7042;phone-context=example.com").orElseThrow());
        assertFalse(local.global());
        assertEquals(Optional.of("example.com"), local.param("phone-context"));
        assertTrue(Uri.parse("tel:*67#;phone-context=+1").isPresent());
    }

    @Test
    void keepsOtherSchemesAsAbsoluteUris() {
        AbsoluteUri a = assertInstanceOf(AbsoluteUri.class, Uri.parse("urn:service:sos").orElseThrow());
        assertEquals("urn", a.scheme());
        assertEquals("service:sos", a.schemeSpecificPart());
        assertEquals("soap.beep", Uri.parse("soap.beep://192.0.2.103:3002").orElseThrow().scheme());
        assertEquals("https://cert.example.org/a.cer", Uri.parse("https://cert.example.org/a.cer").orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sip:", "sip:@example.com", "sip:user@", "sip:a b@example.com", "sip:user@exa mple.com",
        "<sip:a@b>", "sip:a@b:", "sip:a@b:70000", "sip:a@b:123456", "sip:a@b;", "sip:a@b;=x", "sip:a@b;x=",
        "sip:a@b?", "sip:a@b?x", "sip:a%2@b", "sip:a%zz@b", "sip:a\"b@c", "sip:a@[2001:db8::1", "sip:a@[]",
        "sip:a@[zz::1]", "sip:a@..example", "sip:a@-host", "tel:", "tel:abc", "tel:+12-ab", "tel:1234",
        "tel:+1;=x", "1sip:a@b", ":nothing", "sip:a@b\u0000", "sip:a@b\u00e9", "mailto:"})
    void rejectsMalformedUris(String text) {
        assertEquals(Optional.empty(), Uri.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[2001:db8:::192.0.2.1]", "[2001:db8::1::2]", "[:::]", "[:1::2]", "[1::2:]",
        "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]", "[12345::1]", "[::1.2.3]", "[::1.2.3.256]", "[::01.2.3.4]",
        "[1:2:3:4:5:6:7:1.2.3.4]", "[::1.2.3.4:5]", "[1.2.3.4]", "[::g]", "[fe80::1%eth0]"})
    void rejectsHostsOutsideTheIpv6AddressGrammar(String host) {
        assertEquals(Optional.empty(), Uri.parse("sip:a@" + host), host);
        assertEquals(null, io.vouch.sip.internal.HeaderParsers.via("SIP/2.0/UDP " + host + ";branch=z9hG4bK1"), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::]", "[::1]", "[1::]", "[2001:db8::9:1]", "[2001:DB8:0:0:8:800:200C:417A]",
        "[1:2:3:4:5:6:7::]", "[::2:3:4:5:6:7:8]", "[::ffff:192.0.2.1]", "[2001:db8::192.0.2.1]",
        "[1:2:3:4:5:6:192.0.2.255]", "[0:0:0:0:0:0:0:1]"})
    void acceptsIpv6AddressesOfEveryShape(String host) {
        assertEquals(host, sip("sip:a@" + host + ":5060").host(), host);
        assertTrue(io.vouch.sip.internal.HeaderParsers.via("SIP/2.0/UDP " + host + ";branch=z9hG4bK1") != null, host);
    }

    @Test
    void schemeIsCaseInsensitive() {
        SipUri u = sip("SIP:Bob@Biloxi.Example.COM");
        assertEquals("sip", u.scheme());
        assertEquals("Bob", u.user(), "the user part stays case-sensitive");
        assertEquals("Bob@biloxi.example.com", u.aor());
    }

    @Test
    void recordsRejectImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new SipUri(false, "", "", "", -1, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new SipUri(false, "", "", "h", 70000, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TelUri("", Map.of()));
    }

    @Test
    void withParamReplacesAndWithoutParamRemoves() {
        SipUri u = sip("sip:a@b;transport=udp;lr").withParam("TRANSPORT", "tcp").withoutParam("lr");
        assertEquals("sip:a@b;transport=tcp", u.toString());
    }
}
