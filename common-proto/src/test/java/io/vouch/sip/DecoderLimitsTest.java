package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecoderLimitsTest {
    private static final String HEAD = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
        + "To: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n";

    private static DecodeResult.Malformed decodeMalformed(SipCodecLimits limits, String text) {
        return Decoding.malformed(new SipMessageDecoder(limits).decode(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsHeaderLineOverLimit() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxHeaderLineBytes(100);
        DecodeResult.Malformed m = decodeMalformed(limits, HEAD + "Subject: " + "x".repeat(200) + "\r\n\r\n");
        assertEquals("header line too long", m.reason());
        assertEquals(513, m.status());
        Decoding.parsed(new SipMessageDecoder(limits).decode(
            (HEAD + "Subject: " + "x".repeat(80) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void countsFoldedContinuationLinesIntoTheHeaderLineLimit() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxHeaderLineBytes(100);
        String folded = "Subject: " + ("y".repeat(40) + "\r\n ").repeat(5) + "end\r\n";
        assertEquals("header line too long", decodeMalformed(limits, HEAD + folded + "\r\n").reason());
    }

    @Test
    void rejectsMoreHeadersThanTheLimit() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxHeaders(10);
        DecodeResult.Malformed m = decodeMalformed(limits, HEAD + "X-A: 1\r\n".repeat(6) + "\r\n");
        assertEquals("too many headers", m.reason());
        assertEquals(513, m.status());
    }

    @Test
    void rejectsAStartLineOverLimit() {
        String longUri = "OPTIONS sip:" + "a".repeat(9000) + "@b SIP/2.0\r\n";
        DecodeResult.Malformed m = decodeMalformed(SipCodecLimits.defaults(), longUri + HEAD.substring(HEAD.indexOf('\n') + 1) + "\r\n");
        assertEquals("start line too long", m.reason());
        assertEquals(513, m.status());
        assertFalse(m.respondable());
    }

    @Test
    void rejectsADatagramOverLimitWithoutParsing() {
        byte[] big = new byte[SipCodecLimits.DEFAULT_MAX_DATAGRAM_BYTES + 1];
        DecodeResult.Malformed m = Decoding.malformed(new SipMessageDecoder().decode(big));
        assertEquals("message too large", m.reason());
        assertEquals(513, m.status());
    }

    @Test
    void rejectsABodyOverLimit() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxBodyBytes(10);
        DecodeResult.Malformed m = decodeMalformed(limits, HEAD + "Content-Length: 11\r\n\r\n01234567890");
        assertEquals("body too large", m.reason());
        assertEquals(513, m.status());
    }

    @Test
    void truncatesTheBodyToContentLengthAndReadsToTheEndWithoutIt() {
        SipMessage withLength = Decoding.decode((HEAD + "Content-Length: 3\r\n\r\nabcdef").getBytes(StandardCharsets.UTF_8));
        assertEquals("abc", withLength.bodyText());
        SipMessage without = Decoding.decode((HEAD + "\r\nabcdef").getBytes(StandardCharsets.UTF_8));
        assertEquals("abcdef", without.bodyText());
    }

    @Test
    void limitsRejectNonsenseValues() {
        assertThrows(IllegalArgumentException.class, () -> SipCodecLimits.defaults().withMaxHeaders(0));
        assertThrows(IllegalArgumentException.class, () -> SipCodecLimits.defaults().withMaxBodyBytes(-1));
    }

    @Test
    void reportsEmptyAndKeepAliveDatagrams() {
        SipMessageDecoder d = new SipMessageDecoder();
        assertEquals("empty datagram", Decoding.malformed(d.decode(new byte[0])).reason());
        assertEquals(DecodeResult.KeepAlive.PING, d.decode("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(DecodeResult.KeepAlive.PONG, d.decode("\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesASliceOfALargerBuffer() {
        byte[] msg = (HEAD + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[msg.length + 20];
        System.arraycopy(msg, 0, buf, 7, msg.length);
        assertEquals(Decoding.decode(msg), Decoding.parsed(new SipMessageDecoder().decode(buf, 7, msg.length)));
        assertThrows(IndexOutOfBoundsException.class, () -> new SipMessageDecoder().decode(buf, 10, buf.length));
    }
}
