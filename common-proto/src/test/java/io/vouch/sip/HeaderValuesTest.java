package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.internal.HeaderParsers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValuesTest {

    @Test
    void parsesViaWithRportReceivedAndIpv6() {
        Via v = HeaderParsers.via("SIP / 2.0 / udp [2001:db8::1] : 5070 ; branch = z9hG4bKx;rport;received=[2001:db8::9]");
        assertEquals("SIP/2.0", v.protocol());
        assertEquals("UDP", v.transport());
        assertEquals("[2001:db8::1]", v.host());
        assertEquals(5070, v.port());
        assertEquals(Optional.of("z9hG4bKx"), v.branch());
        assertTrue(v.rfc3261Branch());
        assertTrue(v.hasRport());
        assertEquals(OptionalInt.empty(), v.rport());
        assertEquals(Optional.of("[2001:db8::9]"), v.received());
    }

    @Test
    void viaWithReceivedAndRportFormatsAndReparses() {
        Via v = HeaderParsers.via("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;rport");
        Via answered = v.withReceived("192.0.2.7").withRport(40123);
        assertEquals("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;rport=40123;received=192.0.2.7", answered.toString());
        assertEquals(OptionalInt.of(40123), answered.rport());
        assertEquals(answered, HeaderParsers.via(answered.toString()));
        assertFalse(HeaderParsers.via("SIP/2.0/TCP h;branch=1234").rfc3261Branch());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SIP/2.0", "SIP/2.0/UDP", "SIP/2.0/UDP ", "SIP/2.0/UDPhost", "SIP/2.0/UDP host:",
        "SIP/2.0/UDP host:65536", "SIP/2.0/UDP host;;branch=1", "SIP/2.0/UDP host;branch=", "SIP/2.0/UDP [::1",
        "SIP/2.0/UDP host extra", "SIP//UDP host", "SIP/2.0/UDP host;branch=\"unterminated"})
    void rejectsMalformedVias(String value) {
        assertNull(HeaderParsers.via(value), value);
    }

    @Test
    void parsesNameAddrForms() {
        NameAddr quoted = HeaderParsers.nameAddr("\"Doe, \\\"JD\\\" John\" <sip:jd@example.com;transport=tcp>;tag=abc;x");
        assertEquals("Doe, \"JD\" John", quoted.displayName());
        assertEquals(Optional.of("tcp"), ((SipUri) quoted.uri()).transport());
        assertEquals(Optional.of("abc"), quoted.tag());
        assertEquals(Optional.of(""), quoted.param("x"));

        NameAddr tokens = HeaderParsers.nameAddr("John   Q.  Public<sip:jqp@example.com>");
        assertEquals("John Q. Public", tokens.displayName());

        NameAddr spec = HeaderParsers.nameAddr("sip:a@example.com;tag=1");
        assertEquals("", spec.displayName());
        assertEquals(Optional.of("1"), spec.tag());
        assertTrue(((SipUri) spec.uri()).params().isEmpty(), "addr-spec parameters belong to the header");

        NameAddr tagged = spec.withTag("2");
        assertEquals("<sip:a@example.com>;tag=2", tagged.toString());
        assertEquals(tagged, HeaderParsers.nameAddr(tagged.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<sip:a@b", "\"unterminated <sip:a@b>", "Bell, Alexander <sip:a@b>",
        "< sip:a@b >", "<sip:a@b>;", "<sip:a@b>;;tag=1", "<sip:a@b> junk", "sip:a@b?x=1", "\"x\" sip:a@b",
        "<>", "<not a uri>"})
    void rejectsMalformedNameAddrs(String value) {
        assertNull(HeaderParsers.nameAddr(value), value);
    }

    @Test
    void contactExposesRegistrationParameters() {
        Contact c = HeaderParsers.contact("<sip:bob@192.0.2.4;ob>;expires=3600;q=0.7;reg-id=1;"
            + "+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"");
        assertFalse(c.wildcard());
        assertEquals(OptionalLong.of(3600), c.expires());
        assertEquals(OptionalDouble.of(0.7), c.q());
        assertEquals(OptionalInt.of(1), c.regId());
        assertEquals(Optional.of("<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"), c.sipInstance());
        assertTrue(HeaderParsers.contact(" * ").wildcard());
        assertThrows(IllegalStateException.class, () -> Contact.WILDCARD.uri());
    }

    @Test
    void contactAccessorsReturnEmptyForMalformedParameterValues() {
        Contact c = HeaderParsers.contact("<sip:a@b>;expires=soon;q=1.5;reg-id=x");
        assertEquals(OptionalLong.empty(), c.expires());
        assertEquals(OptionalDouble.empty(), c.q());
        assertEquals(OptionalInt.empty(), c.regId());
        assertEquals(OptionalLong.of(0xFFFF_FFFFL), HeaderParsers.contact("<sip:a@b>;expires=99999999999999").expires());
        assertEquals(OptionalDouble.of(1.0), HeaderParsers.contact("<sip:a@b>;q=1").q());
        assertEquals(OptionalDouble.of(0.0), HeaderParsers.contact("<sip:a@b>;q=0.000").q());
    }

    @Test
    void parsesCSeqWithinThirtyTwoBits() {
        assertEquals(new CSeq(4294967295L, "INVITE"), HeaderParsers.cseq("4294967295 INVITE"));
        assertEquals(new CSeq(9, "INVITE"), HeaderParsers.cseq(" 0009   INVITE "));
        assertNull(HeaderParsers.cseq("4294967296 INVITE"));
        assertNull(HeaderParsers.cseq("36893488147419103232 INVITE"));
        assertNull(HeaderParsers.cseq("-1 INVITE"));
        assertNull(HeaderParsers.cseq("1INVITE"));
        assertNull(HeaderParsers.cseq("1 INVITE extra"));
        assertNull(HeaderParsers.cseq("1"));
    }

    @Test
    void parsesDigestCredentialsUnquotingValues() {
        AuthHeader a = HeaderParsers.auth("Digest username=\"bob\", realm=\"example.com\",nonce=\"n\\\"1\","
            + " uri=\"sip:example.com\", response=\"abc\", algorithm=SHA-256, cnonce=\"c\", nc=00000001, qop=auth");
        assertTrue(a.digest());
        assertEquals(Optional.of("bob"), a.param("USERNAME"));
        assertEquals(Optional.of("n\"1"), a.param("nonce"));
        assertEquals(Optional.of("SHA-256"), a.param("algorithm"));
        assertEquals(Optional.of("00000001"), a.param("nc"));
        assertEquals(Optional.of("auth"), a.param("qop"));
        assertEquals(a, HeaderParsers.auth(a.toString()));
    }

    @Test
    void formatsDigestQuotingPerRfc7616() {
        Map<String, String> challenge = new LinkedHashMap<>();
        challenge.put("realm", "example.com");
        challenge.put("qop", "auth,auth-int");
        challenge.put("algorithm", "SHA-256");
        challenge.put("nonce", "abc");
        challenge.put("opaque", "");
        challenge.put("stale", "TRUE");
        assertEquals("Digest realm=\"example.com\", qop=\"auth,auth-int\", algorithm=SHA-256, nonce=\"abc\", "
            + "opaque=\"\", stale=TRUE", new AuthHeader("Digest", challenge).toString());

        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", "bob");
        credentials.put("uri", "sip:example.com");
        credentials.put("response", "0123");
        credentials.put("qop", "auth");
        credentials.put("nc", "00000001");
        assertEquals("Digest username=\"bob\", uri=\"sip:example.com\", response=\"0123\", qop=auth, nc=00000001",
            new AuthHeader("Digest", credentials).toString());
        assertEquals("Digest qop=\"auth\"", new AuthHeader("Digest", Map.of("qop", "auth")).format(true));
        assertEquals("Digest realm=\"a\\\"b\"", new AuthHeader("Digest", Map.of("realm", "a\"b")).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Digest realm", "Digest realm=", "Digest realm=\"x", "Digest a=1 b=2",
        "Digest ,,", "Digest =x", "Digest a=1, a=2", "Digest response=\"bad\", RESPONSE=\"good\"",
        "Digest nonce=\"n\", realm=r, nonce=\"n\""})
    void rejectsMalformedAuthHeaders(String value) {
        assertNull(HeaderParsers.auth(value), value);
        assertTrue(AuthHeader.parse(value).isEmpty(), value);
    }

    @Test
    void publicParserIsTheWireParser() {
        String value = "Digest  username=\"a\\\"b\", realm=\"x, y\",nc=00000001 ,  qop=auth";
        AuthHeader a = AuthHeader.parse(value).orElseThrow();
        assertEquals("Digest", a.scheme());
        assertEquals(Map.of("username", "a\"b", "realm", "x, y", "nc", "00000001", "qop", "auth"), a.params());
        assertEquals(HeaderParsers.auth(value), a);
        assertEquals(Optional.of("alice"), AuthHeader.parse("Digest UserName=alice").orElseThrow().param("username"));
        assertTrue(AuthHeader.parse("Digest realm=" + "x".repeat(AuthHeader.MAX_PARSE_LENGTH)).isEmpty());
    }
}
