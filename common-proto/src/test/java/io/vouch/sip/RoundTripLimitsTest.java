package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever the decoder accepts, the encoder writes back in a form the same decoder accepts unchanged: full header
 * names, UTF-8 text and the derived Content-Length never push a re-encoded message over a limit, and octets no
 * RFC 3261 §25 production admits are refused rather than carried.
 */
class RoundTripLimitsTest {
    private static final String HEAD = "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
        + "t: <sip:a@b>\r\nf: <sip:c@d>;tag=1\r\ni: x\r\nCSeq: 1 OPTIONS\r\n";

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static DecodeResult decode(SipCodecLimits limits, byte[] datagram) {
        return new SipMessageDecoder(limits).decode(datagram);
    }

    /** Asserts that {@code r} survives encode then decode under the same limits. */
    private static void assertRoundTrips(SipCodecLimits limits, DecodeResult r) {
        SipMessage m = Decoding.parsed(r);
        assertEquals(r, decode(limits, Decoding.ENCODER.encode(m)), "decode -> encode -> decode");
    }

    private static void assertMalformed(DecodeResult r, String reason, int status) {
        DecodeResult.Malformed m = Decoding.malformed(r);
        assertEquals(reason, m.reason());
        assertEquals(status, m.status());
    }

    @Test
    void leavesRoomForTheContentLengthTheEncoderAdds() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxHeaders(10);
        assertMalformed(decode(limits, bytes(HEAD, "u: a\r\n".repeat(5), "\r\n")), "too many headers", 513);
        assertRoundTrips(limits, decode(limits, bytes(HEAD, "u: a\r\n".repeat(4), "\r\n")));
        assertRoundTrips(limits, decode(limits, bytes(HEAD, "u: a\r\n".repeat(4), "l: 0\r\n\r\n")));
    }

    @Test
    void measuresAHeaderLineWithItsFullName() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxHeaderLineBytes(100);
        String head = HEAD.replace("i: x\r\n", "");
        // 100 bytes as received, 106 once "i" is written as "Call-ID"
        assertMalformed(decode(limits, bytes(head, "i: ", "x".repeat(97), "\r\n\r\n")), "header line too long", 513);
        assertRoundTrips(limits, decode(limits, bytes(head, "i: ", "x".repeat(91), "\r\n\r\n")));
    }

    @Test
    void measuresUndecodableOctetsAsTheUtf8TheEncoderWrites() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxHeaderLineBytes(100);
        byte[] latin1 = new byte[91];
        java.util.Arrays.fill(latin1, (byte) 0xe9);
        assertMalformed(decode(limits, bytes(HEAD, "Subject: ", latin1, "\r\n\r\n")), "header line too long", 513);
        assertRoundTrips(limits, decode(limits, bytes(HEAD, "Subject: ", new byte[] {(byte) 0xe9, 'a'}, "\r\n\r\n")));
    }

    @Test
    void measuresTheReasonPhraseAsTheUtf8TheEncoderWrites() {
        SipCodecLimits limits = new SipCodecLimits(65_535, 1_114_112, 40, 8_192, 128, 1_048_576);
        byte[] reason = new byte[20];
        java.util.Arrays.fill(reason, (byte) 0xe9);
        String rest = "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>;tag=2\r\nFrom: <sip:c@d>;tag=1\r\n"
            + "Call-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n";
        assertMalformed(decode(limits, bytes("SIP/2.0 200 ", reason, "\r\n", rest)), "start line too long", 513);
        assertRoundTrips(limits, decode(limits, bytes("SIP/2.0 200 ", new byte[] {(byte) 0xe9}, "\r\n", rest)));
    }

    @Test
    void measuresTheWholeDatagramAsEncoded() {
        byte[] small = bytes(HEAD, "u: a\r\n".repeat(10), "\r\n");
        SipCodecLimits limits = new SipCodecLimits(small.length, 1_114_112, 8_192, 8_192, 128, 1_048_576);
        assertMalformed(decode(limits, small), "message too large", 513);
        byte[] encoded = Decoding.ENCODER.encode(Decoding.decode(small));
        assertRoundTrips(new SipCodecLimits(encoded.length, 1_114_112, 8_192, 8_192, 128, 1_048_576),
            decode(new SipCodecLimits(encoded.length, 1_114_112, 8_192, 8_192, 128, 1_048_576), small));
    }

    @Test
    void measuresAStreamMessageAsEncoded() {
        byte[] message = bytes(HEAD, "u: a\r\n".repeat(10), "l: 0\r\n\r\n");
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxStreamMessageBytes(message.length);
        List<DecodeResult> results = new SipStreamDecoder(limits).feed(message);
        assertMalformed(results.getLast(), "message too large", 513);
    }

    @Test
    void refusesControlOctetsInAHeaderValue() {
        DecodeResult r = Decoding.DATAGRAM.decode(bytes(HEAD, "u:\u0001\u0000 presence, dialog\r\n\r\n"));
        assertMalformed(r, "control character in header", 400);
        assertTrue(((DecodeResult.Malformed) r).respondable(), "Via, From, To, Call-ID and CSeq precede it");
        assertMalformed(Decoding.DATAGRAM.decode(bytes(HEAD, "Subject: a\u007fb\r\n\r\n")),
            "control character in header", 400);
        assertMalformed(Decoding.DATAGRAM.decode(bytes(HEAD, "Subject: a\u001bb\r\n\r\n")),
            "control character in header", 400);
    }

    @Test
    void carriesAControlOctetInAQuotedPairAndTabsVerbatim() {
        SipCodecLimits limits = SipCodecLimits.defaults();
        DecodeResult quoted = Decoding.DATAGRAM.decode(bytes(HEAD, "Subject: \"a\\\u0001b\"\r\n\r\n"));
        assertEquals("\"a\\\u0001b\"", Decoding.parsed(quoted).headers().first("Subject").orElseThrow());
        assertRoundTrips(limits, quoted);
        assertRoundTrips(limits, Decoding.DATAGRAM.decode(bytes(HEAD, "Subject: a\tb\r\n\r\n")));
        // outside quotes a backslash escapes nothing
        assertMalformed(Decoding.DATAGRAM.decode(bytes(HEAD, "Subject: a\\\u0001b\r\n\r\n")),
            "control character in header", 400);
    }

    @Test
    void buildsNoMessageTheDecoderWouldRefuse() {
        SipHeaders.Builder h = SipHeaders.builder();
        assertThrows(IllegalArgumentException.class, () -> h.add("Subject", "a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> h.add("Subject", "a\\\u0001b"));
        assertThrows(IllegalArgumentException.class, () -> SipResponse.builder(200, "O\u0007K"));
        SipRequest request = (SipRequest) Decoding.decode(bytes(HEAD, "\r\n"));
        SipResponse built = SipResponse.forRequest(request, 200, "OK\tfine")
            .header("Subject", "\"a\\\u0001b\"\tc").build();
        DecodeResult r = Decoding.DATAGRAM.decode(Decoding.ENCODER.encode(built));
        assertEquals(built.headers(), Decoding.parsed(r).headers());
        assertRoundTrips(SipCodecLimits.defaults(), r);
    }
}
