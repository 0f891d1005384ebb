package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.fixtures.SipFixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseBuilderTest {
    private static final SipRequest INVITE = (SipRequest) Decoding.decode(SipFixture.load("valid/basic-invite.sip").bytes());
    private static final SipRequest BYE = (SipRequest) Decoding.decode(SipFixture.load("valid/route-set.sip").bytes());

    @Test
    void copiesViasInOrderAndTheDialogHeaders() {
        SipResponse r = SipResponse.forRequest(INVITE, 486, "Busy Here", "t1").build();
        assertEquals(INVITE.headers().all("Via"), r.headers().all("Via"));
        assertEquals(INVITE.vias(), r.vias());
        assertEquals(INVITE.from(), r.from());
        assertEquals(INVITE.callId(), r.callId());
        assertEquals(INVITE.cseq(), r.cseq());
        assertEquals(Optional.of("0"), r.headers().first("Content-Length"));
        assertEquals(Optional.of("t1"), r.to().tag());
        assertEquals(INVITE.to().uri(), r.to().uri());
        assertFalse(r.headers().contains("Contact"), "nothing else is copied");
    }

    @Test
    void keepsViasCombinedOnOneLineInOrder() {
        SipResponse r = SipResponse.forRequest(BYE, 200, "OK").build();
        assertEquals(List.of("z9hG4bKnashds10", "z9hG4bKnashds11"),
            r.vias().stream().map(v -> v.branch().orElseThrow()).toList());
    }

    @Test
    void keepsAnExistingToTagAndAddsNoneToA100() {
        assertEquals(Optional.of("a6c85cf"), SipResponse.forRequest(BYE, 200, "OK", "other").build().to().tag());
        assertEquals(Optional.empty(), SipResponse.forRequest(INVITE, 100, "Trying").build().to().tag());
        assertTrue(SipResponse.forRequest(INVITE, 180, "Ringing").build().to().tag().isPresent());
    }

    @Test
    void generatesDifferentRandomTags() {
        String a = SipResponse.forRequest(INVITE, 200, "OK").build().to().tag().orElseThrow();
        String b = SipResponse.forRequest(INVITE, 200, "OK").build().to().tag().orElseThrow();
        assertNotEquals(a, b);
        assertTrue(a.length() >= 8);
    }

    @Test
    void usesTheStandardReasonPhrase() {
        assertEquals("Unauthorized", SipResponse.forRequest(INVITE, 401).build().reason());
        assertEquals("Message Too Large", SipStatus.reason(513));
        assertEquals("Version Not Supported", SipStatus.reason(505));
        assertEquals("Client Error", SipStatus.reason(499));
    }

    @Test
    void builtResponsesEncodeAndDecodeToAnEqualMessage() {
        SipResponse r = SipResponse.forRequest(INVITE, 302, "Moved Temporarily", "x")
            .header("Contact", "<sip:+12025550147@gw.example.net>")
            .header("Identity", "a.b.c;info=<https://cert.example.org/c.pem>;alg=ES256;ppt=\"shaken\"")
            .build();
        SipMessage back = Decoding.decode(Decoding.ENCODER.encode(r));
        assertEquals(r, back);
        assertEquals(List.of("a.b.c;info=<https://cert.example.org/c.pem>;alg=ES256;ppt=\"shaken\""), back.identities());
    }

    @Test
    void builderRejectsMalformedTypedHeadersAndBadStartLines() {
        assertThrows(IllegalArgumentException.class, () -> SipResponse.builder(200, "OK").header("CSeq", "x").build());
        assertThrows(IllegalArgumentException.class, () -> SipResponse.builder(99, "x"));
        assertThrows(IllegalArgumentException.class, () -> SipResponse.builder(200, "O\r\nK"));
        assertThrows(IllegalArgumentException.class, () -> SipRequest.builder("IN VITE", SipUri.of("a", "b")));
        assertThrows(IllegalStateException.class, () -> SipResponse.builder(200, "OK").build().cseq());
    }

    @Test
    void requestBuilderDerivesAForwardedCopy() {
        SipRequest fwd = INVITE.newBuilder()
            .headerFirst("Via", Via.of("UDP", "edge.example.net", 5060, SipIds.newBranch()))
            .setHeader("Max-Forwards", INVITE.maxForwards().orElseThrow() - 1)
            .build();
        assertEquals(3, fwd.vias().size());
        assertEquals("edge.example.net", fwd.topVia().host());
        assertTrue(fwd.topVia().rfc3261Branch());
        assertEquals(68, fwd.maxForwards().orElseThrow());
        assertEquals(INVITE.bodyText(), fwd.bodyText());
        assertEquals(fwd, Decoding.decode(Decoding.ENCODER.encode(fwd)));
    }
}
