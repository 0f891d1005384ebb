package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmokeDecodeTest {
    private static final String INVITE = """
        INVITE sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.example.com>
        From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: 314159 INVITE
        Contact: <sip:alice@pc33.atlanta.example.com>
        Content-Type: application/sdp
        Content-Length: 4

        v=0
        """.replace("\n", "\r\n");

    @Test
    void decodesInviteAndBuildsResponse() {
        DecodeResult r = new SipMessageDecoder().decode(INVITE.getBytes(StandardCharsets.UTF_8));
        SipRequest req = (SipRequest) assertInstanceOf(DecodeResult.Parsed.class, r).message();
        assertEquals("INVITE", req.method());
        assertEquals("bob@biloxi.example.com", ((SipUri) req.requestUri()).aor());
        assertTrue(req.topVia().hasRport());
        assertEquals("z9hG4bK776asdhds", req.topVia().branch().orElseThrow());
        assertEquals("1928301774", req.from().tag().orElseThrow());
        assertEquals("Alice", req.from().displayName());
        assertEquals(new CSeq(314159, "INVITE"), req.cseq());
        assertEquals("v=0\r", req.bodyText());
        SipResponse resp = SipResponse.forRequest(req, 180, "Ringing", "abc").build();
        assertEquals("abc", resp.to().tag().orElseThrow());
        byte[] wire = new SipMessageEncoder().encode(resp);
        SipMessage again = ((DecodeResult.Parsed) new SipMessageDecoder().decode(wire)).message();
        assertEquals(resp, again);
    }
}
