package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipIdsTest {
    private static SipRequest request(String callId, long cseq, String branch, String fromTag, String extra) {
        String text = "REGISTER sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.10:50060;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=" + fromTag + "\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n" + extra
                + "Content-Length: 0\r\n\r\n";
        if (new SipMessageDecoder().decode(text.getBytes(StandardCharsets.UTF_8)) instanceof DecodeResult.Parsed p
                && p.message() instanceof SipRequest req) {
            return req;
        }
        throw new AssertionError("fixture does not decode");
    }

    @Test
    void toTagIsAFunctionOfTheTransactionAndDependsOnEachOfItsParts() {
        String tag = SipIds.toTag(request("c1", 1, "z9hG4bK-1", "f1", ""));
        assertTrue(tag.matches("[0-9a-f]{16}"), tag);
        assertEquals(tag, SipIds.toTag(request("c1", 1, "z9hG4bK-1", "f1", "Contact: <sip:alice@192.0.2.1>\r\n")));
        assertNotEquals(tag, SipIds.toTag(request("c1", 2, "z9hG4bK-1", "f1", "")));
        assertNotEquals(tag, SipIds.toTag(request("c2", 1, "z9hG4bK-1", "f1", "")));
        assertNotEquals(tag, SipIds.toTag(request("c1", 1, "z9hG4bK-2", "f1", "")));
        assertNotEquals(tag, SipIds.toTag(request("c1", 1, "z9hG4bK-1", "f2", "")));
    }

    @Test
    void aResponseBuiltWithTheToTagCarriesIt() {
        SipRequest req = request("c1", 1, "z9hG4bK-1", "f1", "");
        SipResponse r = SipResponse.forRequest(req, 200, "OK", SipIds.toTag(req)).build();
        assertEquals(java.util.Optional.of(SipIds.toTag(req)), r.to().tag());
    }
}
