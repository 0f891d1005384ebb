package io.vouch.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sdp.SdpDecodeResult;
import io.vouch.sdp.SdpDecoder;
import io.vouch.sdp.SdpEncoder;
import io.vouch.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdesPolicyTest {
    static final String OFFER = """
        v=0
        o=alice 1 1 IN IP4 198.51.100.1
        s=-
        c=IN IP4 198.51.100.1
        t=0 0
        m=audio 49170 RTP/SAVP 0
        a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4
        a=crypto:2 AES_256_CM_HMAC_SHA1_80 inline:%s
        a=sendrecv
        """.formatted(SdesValidatorTest.key(46, false)).replace("\n", "\r\n");

    static SessionDescription sdp(String text) {
        return assertInstanceOf(SdpDecodeResult.Parsed.class,
            new SdpDecoder().decode(text.getBytes(StandardCharsets.UTF_8))).description();
    }

    static SdesPolicy policy(String action) {
        return new SdesPolicy(MediaKeyingConfig.from(Map.of(MediaKeyingConfig.INSECURE_HOP, action)));
    }

    @Test
    void sdesOverTlsIsAcceptedWithBothLines() {
        SdesPolicy.Decision.Accept a = assertInstanceOf(SdesPolicy.Decision.Accept.class,
            policy("refuse").decide(sdp(OFFER), true, false));
        assertEquals(2, a.media().get(0).accepted().size());
        assertFalse(a.insecureHop());
    }

    @Test
    void sdesOverUdpIsRefusedWith488AndAWarningSayingWhy() {
        SdesPolicy.Decision.Refuse r = assertInstanceOf(SdesPolicy.Decision.Refuse.class,
            policy("refuse").decide(sdp(OFFER), false, false));
        assertEquals(488, r.status());
        assertEquals("sdes-without-tls", r.reason());
        assertEquals("399 edge.example.net \"SDES keys received over a hop without TLS; use TLS (SIPS) or DTLS-SRTP\"",
            r.warningHeader("edge.example.net"));
    }

    @Test
    void stripModeRemovesEveryCryptoLineAndNothingElse() {
        SdesPolicy.Decision.Strip s = assertInstanceOf(SdesPolicy.Decision.Strip.class,
            policy("strip").decide(sdp(OFFER), false, false));
        String out = new SdpEncoder().encodeToString(s.stripped());
        assertFalse(out.contains("crypto"));
        assertEquals(OFFER.replaceAll("a=crypto:[^\r]*\r\n", ""), out);
        assertEquals("sdes-without-tls", s.reason());
    }

    @Test
    void allowModeLetsKeysThroughAndMarksTheHop() {
        assertTrue(assertInstanceOf(SdesPolicy.Decision.Accept.class,
            policy("allow").decide(sdp(OFFER), false, false)).insecureHop());
    }

    @Test
    void requireSipsRefusesTlsHopsToNonSipsUris() {
        SdesPolicy p = new SdesPolicy(MediaKeyingConfig.from(Map.of(MediaKeyingConfig.REQUIRE_SIPS, "true")));
        assertEquals("sdes-without-sips",
            assertInstanceOf(SdesPolicy.Decision.Refuse.class, p.decide(sdp(OFFER), true, false)).reason());
        assertInstanceOf(SdesPolicy.Decision.Accept.class, p.decide(sdp(OFFER), true, true));
    }

    @Test
    void mediaWithOnlyUnacceptableCryptoIsRefusedEvenOverTls() {
        String bad = OFFER.replaceAll("a=crypto:[^\r]*\r\n", "")
            .replace("a=sendrecv", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJD\r\na=sendrecv");
        SdesPolicy.Decision.Refuse r = assertInstanceOf(SdesPolicy.Decision.Refuse.class,
            policy("refuse").decide(sdp(bad), true, true));
        assertEquals("sdes-invalid", r.reason());
        assertEquals("No acceptable SDES crypto attribute: crypto key length wrong for suite", r.warning());
    }

    @Test
    void noCryptoIsNoSdes() {
        assertInstanceOf(SdesPolicy.Decision.NoSdes.class,
            policy("refuse").decide(sdp(OFFER.replaceAll("a=crypto:[^\r]*\r\n", "")), false, false));
    }

    @Test
    void answerMustEchoTheOfferedTagAndSuiteWithItsOwnKey() {
        List<CryptoAttribute> offered = policyAccepted(OFFER);
        CryptoAttribute own = parse("2 AES_256_CM_HMAC_SHA1_80 inline:" + SdesValidatorTest.key(46, true).replace('A', 'B'));
        assertInstanceOf(SdesAnswerCheck.Result.Accepted.class, SdesAnswerCheck.check(offered, List.of(own)));
        assertEquals(new SdesAnswerCheck.Result.Refused("answer crypto tag not offered"), SdesAnswerCheck.check(offered,
            List.of(parse("3 AES_256_CM_HMAC_SHA1_80 inline:" + SdesValidatorTest.key(46, true).replace('A', 'B')))));
        assertEquals(new SdesAnswerCheck.Result.Refused("answer crypto suite differs from offer"),
            SdesAnswerCheck.check(offered, List.of(parse("1 AES_CM_128_HMAC_SHA1_32 inline:"
                + "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj"))));
        assertEquals(new SdesAnswerCheck.Result.Refused("answer reuses the offered key"),
            SdesAnswerCheck.check(offered, List.of(parse("1 AES_CM_128_HMAC_SHA1_80 inline:"
                + "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"))));
        assertEquals(new SdesAnswerCheck.Result.Refused("answer has several crypto attributes"),
            SdesAnswerCheck.check(offered, List.of(own, own)));
        assertEquals(new SdesAnswerCheck.Result.Refused("answer has no crypto attribute"),
            SdesAnswerCheck.check(offered, List.of()));
    }

    private static List<CryptoAttribute> policyAccepted(String offer) {
        return assertInstanceOf(SdesPolicy.Decision.Accept.class, policy("refuse").decide(sdp(offer), true, false))
            .media().get(0).accepted();
    }

    private static CryptoAttribute parse(String value) {
        return assertInstanceOf(CryptoAttribute.CryptoParseResult.Parsed.class, CryptoAttribute.parse(value)).attribute();
    }
}
