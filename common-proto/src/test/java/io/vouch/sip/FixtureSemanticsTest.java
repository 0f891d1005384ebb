package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.fixtures.SipFixture;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the decoder extracts from the valid torture-style fixtures. */
class FixtureSemanticsTest {
    private static SipMessage load(String name) {
        return Decoding.decode(SipFixture.load("valid/" + name).bytes());
    }

    @Test
    void tortuousInviteUnfoldsAndNormalizesEverything() {
        SipRequest m = (SipRequest) load("tortuous-invite.sip");
        assertEquals(Optional.of("8321234356"), m.to().tag());
        assertEquals("Tom \"T\" Jones \\", m.from().displayName());
        assertEquals(Optional.of("98asjd8"), m.from().tag());
        assertEquals(OptionalInt.of(68), m.maxForwards());
        assertEquals(new CSeq(9, "INVITE"), m.cseq());
        assertEquals(List.of("z9hG4bK390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"),
            m.vias().stream().map(v -> v.branch().orElseThrow()).toList());
        assertEquals(List.of("UDP", "TCP", "UDP"), m.vias().stream().map(Via::transport).toList());
        assertEquals("spindle.example.com", m.vias().get(1).host());
        Contact c = m.contacts().get(0);
        assertEquals("Quoted string \"\"", c.nameAddr().displayName());
        assertEquals(OptionalDouble.of(0.33), c.q());
        assertEquals(Optional.of("newvalue"), c.param("newparam"));
        assertEquals(Optional.of(""), c.param("secondparam"));
        assertEquals(Optional.of("newfangled value continued newfangled value"), m.headers().first("NewFangledHeader"));
        assertEquals(Optional.of(""), m.headers().first("Subject"));
        assertEquals(Optional.of(";;,,;;,;"), m.headers().first("UnknownHeaderWithUnusualValue"));
        SipUri route = (SipUri) m.routes().get(0).uri();
        assertTrue(route.lr());
        assertEquals(Optional.of("value"), route.param("unknownwith"));
        assertEquals(Optional.of("application/sdp"), m.contentType());
        assertTrue(m.bodyText().startsWith("v=0"));
    }

    @Test
    void wideRangeOfCharactersIsKept() {
        SipRequest m = (SipRequest) load("wide-chars.sip");
        assertEquals("!odd-Method0123456789_*+`.%indeed'~", m.method());
        assertEquals(m.method(), m.cseq().method());
        SipUri ruri = (SipUri) m.requestUri();
        assertEquals("1_strange.URI~(of-all!things)&isn't+it$/odd?,/;;*", ruri.user());
        assertEquals("&pass+word=1,strange!*pa$$wo~rd_too.(isn't-it)", ruri.password());
        assertEquals("BEL:\u0007 NUL:\u0000 DEL:\u007f", m.to().displayName());
        assertEquals("token1~` token2'+_ token3*%!.-", m.from().displayName());
        assertEquals(Optional.of("_token~1'+`*%!-."), m.from().tag());
        assertEquals(Optional.of("\"работающий\""), m.from().param("fromparam''~+*_!.-%"));
        assertEquals("widechars.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.callId());
        assertEquals(Optional.of("𝄞 ünïcödé 大韓民國"), m.headers().first("extensionHeader-!.%*+_`'~"));
    }

    @Test
    void escapesAndEscapedNullsResolveInUserParts() {
        SipRequest m = (SipRequest) load("escapes.sip");
        assertEquals("sips:user@example.com", ((SipUri) m.requestUri()).user());
        assertEquals("user", ((SipUri) m.to().uri()).user());
        assertEquals("caller", ((SipUri) m.contacts().get(0).uri()).user());
        assertEquals(Optional.of("v%61lue%25%34%31"), ((SipUri) m.contacts().get(0).uri()).param("n%61me"));
        SipRequest nulls = (SipRequest) load("escaped-nulls.sip");
        assertEquals(List.of("\0", "\0\0"), nulls.contacts().stream().map(c -> ((SipUri) c.uri()).user()).toList());
    }

    @Test
    void percentInTokensIsNotAnEscape() {
        SipRequest m = (SipRequest) load("percent-not-escape.sip");
        assertEquals("RE%47IST%45R", m.method());
        assertEquals("%Z%45", m.to().displayName());
        assertEquals(2, m.contacts().size(), "C%6Fntact is another header");
        assertEquals(Optional.of("<sip:alias2@host2.example.com>"), m.headers().first("C%6Fntact"));
    }

    @Test
    void ignoresOctetsAfterTheBodyInADatagram() {
        SipRequest m = (SipRequest) load("extra-datagram-octets.sip");
        assertEquals("REGISTER", m.method());
        assertEquals(0, m.bodyLength());
    }

    @Test
    void readsTransportsReceivedAndRport() {
        SipRequest m = (SipRequest) load("transports.sip");
        assertEquals(List.of("UDP", "SCTP", "TLS", "UNKNOWN", "TCP", "WSS", "UDP"),
            m.vias().stream().map(Via::transport).toList());
        assertEquals(OptionalInt.of(5061), m.topVia().rport());
        assertEquals(Optional.of("192.0.2.77"), m.topVia().received());
        assertTrue(m.vias().get(5).hasRport());
        assertEquals(OptionalInt.empty(), m.vias().get(5).rport());
        assertEquals("[2001:db8::9:1]", m.vias().get(6).host());
        assertEquals(5070, m.vias().get(6).port());
        assertEquals(Optional.of("[2001:db8::9:255]"), m.vias().get(6).received());
    }

    @Test
    void keepsBinaryBodiesByteExact() {
        SipRequest m = (SipRequest) load("multipart.sip");
        byte[] body = m.body();
        assertEquals(m.headers().first("Content-Length").map(Integer::parseInt).orElseThrow(), body.length);
        String latin = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(latin.contains("\u0000\u0080\u00c3("));
    }

    @Test
    void readsUtf8AndEmptyReasonPhrases() {
        assertEquals("= 2**3 * 5**2 но сто девяносто девять - простое", ((SipResponse) load("utf8-reason.sip")).reason());
        SipResponse empty = (SipResponse) load("empty-reason.sip");
        assertEquals(100, empty.status());
        assertEquals("", empty.reason());
    }

    @Test
    void unknownSchemesBecomeAbsoluteUris() {
        assertEquals(new AbsoluteUri("nobodyKnowsThisScheme", "totallyopaquecontent"),
            ((SipRequest) load("unknown-scheme.sip")).requestUri());
        SipRequest m = (SipRequest) load("unknown-scheme-headers.sip");
        assertEquals(new AbsoluteUri("isbn", "2983792873"), m.to().uri());
        assertEquals("http", m.from().uri().scheme());
        assertEquals("name", m.contacts().get(0).uri().scheme());
    }

    @Test
    void unknownAuthorizationSchemesParse() {
        AuthHeader a = load("unknown-auth-scheme.sip").authorizations().get(0);
        assertEquals("NoOneKnowsThisScheme", a.scheme());
        assertEquals(Optional.of("here"), a.param("opaque-data"));
    }

    @Test
    void registerExposesBindingDetails() {
        SipRequest m = (SipRequest) load("basic-register.sip");
        Contact c = m.contacts().get(0);
        assertEquals(OptionalInt.of(1), c.regId());
        assertEquals(OptionalLong.of(3600), c.expires());
        assertEquals(Optional.of("<urn:uuid:2f9a1c7e-6b0d-4c55-9f0b-0123456789ab>"), c.sipInstance());
        assertEquals(OptionalLong.of(600), m.expires());
        assertEquals(List.of("path", "outbound", "gruu"), m.supported());
        assertEquals("sip:edge1.example.com;lr;ob", m.paths().get(0).uri().toString());
        AuthHeader auth = m.authorizations().get(0);
        assertEquals(Optional.of("bob"), auth.param("username"));
        assertEquals(Optional.of("SHA-256"), auth.param("algorithm"));
        assertEquals("bob@example.com", ((SipUri) m.to().uri()).aor());
        assertTrue(((SipUri) m.to().uri()).secure());
        assertTrue(m.topVia().hasRport());
    }

    @Test
    void wildcardRegisterAndClampedExpires() {
        SipRequest wild = (SipRequest) load("register-wildcard.sip");
        assertEquals(List.of(Contact.WILDCARD), wild.contacts());
        assertEquals(OptionalLong.of(0), wild.expires());
        SipRequest params = (SipRequest) load("contact-params.sip");
        assertEquals(Optional.of(""), params.contacts().get(0).param("unknownparam"));
        assertEquals(OptionalLong.of(0xFFFF_FFFFL), params.contacts().get(1).expires());
        assertTrue(((SipUri) params.contacts().get(1).uri()).params().containsKey("unknownparam"));
    }

    @Test
    void challengesKeepQuotedCommas() {
        SipResponse m = (SipResponse) load("response-401.sip");
        assertEquals(2, m.wwwAuthenticates().size());
        AuthHeader first = m.wwwAuthenticates().get(0);
        assertEquals(Optional.of("auth,auth-int"), first.param("qop"));
        assertEquals(Optional.of("sip:example.com sip:alt.example.com"), first.param("domain"));
        assertEquals(Optional.of(""), first.param("opaque"));
        assertEquals(Optional.of("FALSE"), first.param("stale"));
        assertEquals(Optional.of("MD5"), m.wwwAuthenticates().get(1).param("algorithm"));
    }

    @Test
    void telUrisAndIdentityHeaders() {
        SipRequest m = (SipRequest) load("tel-uri-identity.sip");
        TelUri ruri = assertInstanceOf(TelUri.class, m.requestUri());
        assertEquals("+12025550147", ruri.digits());
        assertEquals(Optional.of("example.com"), ((TelUri) m.to().uri()).param("phone-context"));
        assertEquals(2, m.identities().size());
        assertTrue(m.identities().get(1).endsWith("info=<https://cert.example.org/a,b.cer>;alg=ES256;ppt=\"div,x\""));
        assertEquals(2, m.headers().all("P-Asserted-Identity").size());
    }

    @Test
    void routeSetsSplitAcrossLinesAndCommas() {
        SipRequest m = (SipRequest) load("route-set.sip");
        assertEquals(List.of("p1.example.com", "p2.example.com", "p3.example.com"),
            m.routes().stream().map(r -> ((SipUri) r.uri()).host()).toList());
        assertEquals("Proxy, Three", m.routes().get(2).displayName());
        assertEquals(2, m.recordRoutes().size());
        assertEquals(2, m.vias().size());
    }

    @Test
    void compactFormsResolve() {
        SipRequest m = (SipRequest) load("notify-compact.sip");
        assertEquals("compact-forms-1@example.com", m.callId());
        assertEquals(Optional.of("presence;id=4"), m.headers().first("Event"));
        assertEquals(List.of("presence", "dialog"), m.headers().all("Allow-Events"));
        assertEquals(List.of("eventlist"), m.supported());
        assertEquals(Optional.of("<sip:target@example.com>"), m.headers().first("Refer-To"));
        assertEquals(Optional.of("identity"), m.headers().first("Content-Encoding"));
        assertEquals(Optional.of("application/pidf+xml"), m.contentType());
    }

    @Test
    void mixedCaseSchemeVersionAndParameterNames() {
        SipRequest m = (SipRequest) load("mixed-case-version.sip");
        assertEquals("sip", m.requestUri().scheme());
        assertEquals(Optional.of("z9hG4bKnashds8"), m.topVia().branch());
        assertEquals(Optional.of("1928301774"), m.from().tag());
        assertEquals(Optional.of("tcp"), ((SipUri) m.contacts().get(0).uri()).transport());
    }

    @Test
    void rfc2543RequestsParseWithoutModernHeaders() {
        SipRequest m = (SipRequest) load("rfc2543-invite.sip");
        assertEquals(Optional.empty(), m.topVia().branch());
        assertEquals(Optional.empty(), m.from().tag());
        assertEquals(OptionalInt.empty(), m.maxForwards());
        assertTrue(m.bodyText().startsWith("v=0"));
    }

    @Test
    void nonUtf8BytesSurviveAsLatin1Characters() {
        SipRequest m = (SipRequest) load("non-utf8-display.sip");
        assertEquals("José Müller", m.from().displayName());
        assertEquals(Optional.of("café \u00ff\u00fe\u0080"), m.headers().first("Subject"));
        SipMessage again = Decoding.decode(Decoding.ENCODER.encode(m));
        assertEquals(m.from(), again.from());
    }

    @Test
    void requireAndSupportedTokens() {
        SipRequest m = (SipRequest) load("require-extensions.sip");
        assertEquals(List.of("nothingSupportsThis", "nothingSupportsThisEither"), m.require());
        assertEquals(List.of("timer", "replaces", "100rel"), m.supported());
        assertEquals(List.of("noProxiesSupportThis", "norDoAnyProxiesSupportThis"), m.headers().all("Proxy-Require"));
    }

    @Test
    void zeroMaxForwardsAndBroadcastViasParse() {
        assertEquals(OptionalInt.of(0), load("zero-max-forwards.sip").maxForwards());
        assertEquals("255.255.255.255", load("broadcast-via-200.sip").vias().get(1).host());
    }

    @Test
    void ipv6References() {
        SipRequest m = (SipRequest) load("ipv6.sip");
        SipUri ruri = (SipUri) m.requestUri();
        assertEquals("[2001:db8::10]", ruri.host());
        assertEquals(5061, ruri.port());
        assertEquals("[2001:db8::9:1]", m.topVia().host());
    }
}
