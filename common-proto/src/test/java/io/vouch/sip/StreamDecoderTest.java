package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.sip.fixtures.SipFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {
    private static final byte[] OPTIONS = SipFixture.load("valid/options-accept.sip").bytes();
    private static final byte[] INVITE = SipFixture.load("valid/basic-invite.sip").bytes();

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void framesPipelinedMessagesInOrder() {
        byte[] two = concat(INVITE, OPTIONS, INVITE);
        List<DecodeResult> results = new SipStreamDecoder().feed(two);
        assertEquals(3, results.size());
        assertEquals("INVITE", ((SipRequest) Decoding.parsed(results.get(0))).method());
        assertEquals("OPTIONS", ((SipRequest) Decoding.parsed(results.get(1))).method());
        assertEquals(Decoding.decode(INVITE), Decoding.parsed(results.get(2)));
    }

    @Test
    void framesPipelinedMessagesSplitAtEveryByte() {
        byte[] two = concat(OPTIONS, INVITE);
        for (int cut = 1; cut < two.length; cut++) {
            List<DecodeResult> r = Decoding.stream(two, cut);
            assertEquals(2, r.size(), "cut at " + cut);
            assertEquals(Decoding.decode(INVITE), Decoding.parsed(r.get(1)));
        }
    }

    @Test
    void reportsADoubleCrlfPingAndASingleCrlfPong() {
        SipStreamDecoder d = new SipStreamDecoder();
        assertEquals(List.of(DecodeResult.KeepAlive.PING), d.feed(ascii("\r\n\r\n")));
        assertEquals(1, d.pingsSeen());
        assertEquals(List.of(), d.feed(ascii("\r\n")), "a lone CRLF may start a ping: wait");
        List<DecodeResult> r = d.feed(OPTIONS);
        assertEquals(DecodeResult.KeepAlive.PONG, r.get(0));
        assertInstanceOf(DecodeResult.Parsed.class, r.get(1));
        assertEquals(0, d.buffered());
    }

    @Test
    void reportsAPingSplitOverManyReads() {
        SipStreamDecoder d = new SipStreamDecoder();
        assertEquals(List.of(), d.feed(ascii("\r")));
        assertEquals(List.of(), d.feed(ascii("\n\r")));
        assertEquals(List.of(DecodeResult.KeepAlive.PING), d.feed(ascii("\n")));
        List<DecodeResult> r = d.feed(concat(ascii("\r\n\r\n"), OPTIONS, ascii("\r\n\r\n")));
        assertEquals(List.of(DecodeResult.KeepAlive.PING, new DecodeResult.Parsed(Decoding.decode(OPTIONS)),
            DecodeResult.KeepAlive.PING), r);
        assertEquals(3, d.pingsSeen());
    }

    @Test
    void endsWithIncompleteWhileAMessageIsPartiallyBuffered() {
        SipStreamDecoder d = new SipStreamDecoder();
        assertEquals(List.of(DecodeResult.Incomplete.INSTANCE), d.feed(INVITE, 0, 100));
        assertEquals(100, d.buffered());
        List<DecodeResult> r = d.feed(concat(java.util.Arrays.copyOfRange(INVITE, 100, INVITE.length),
            java.util.Arrays.copyOf(OPTIONS, 10)));
        assertEquals(2, r.size());
        assertInstanceOf(DecodeResult.Parsed.class, r.get(0));
        assertEquals(DecodeResult.Incomplete.INSTANCE, r.get(1));
        assertEquals(10, d.buffered());
    }

    @Test
    void missingContentLengthBreaksTheStream() {
        byte[] noLength = ascii("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
            + "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n");
        SipStreamDecoder d = new SipStreamDecoder();
        List<DecodeResult> r = d.feed(concat(noLength, OPTIONS));
        assertEquals(1, r.size());
        DecodeResult.Malformed m = Decoding.malformed(r.get(0));
        assertEquals("missing Content-Length", m.reason());
        assertTrue(m.respondable());
        assertTrue(d.broken());
        assertEquals(List.of(), d.feed(OPTIONS), "a broken stream ignores further input");
    }

    @Test
    void aMalformedButFramedMessageDoesNotBreakTheStream() {
        byte[] badCseq = ascii("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
            + "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 2\r\n\r\nhi");
        SipStreamDecoder d = new SipStreamDecoder();
        List<DecodeResult> r = d.feed(concat(badCseq, OPTIONS));
        assertEquals(2, r.size());
        assertEquals("CSeq method does not match request method", Decoding.malformed(r.get(0)).reason());
        assertInstanceOf(DecodeResult.Parsed.class, r.get(1));
        assertFalse(d.broken());
    }

    @Test
    void anUnsupportedVersionWithIntactFramingDoesNotBreakTheStream() {
        byte[] sip3 = ascii("OPTIONS sip:a@b SIP/3.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
            + "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 3\r\n\r\nabc");
        SipStreamDecoder d = new SipStreamDecoder();
        List<DecodeResult> r = d.feed(concat(sip3, OPTIONS));
        assertEquals(2, r.size());
        DecodeResult.Malformed m = Decoding.malformed(r.get(0));
        assertEquals(505, m.status());
        assertTrue(m.respondable());
        assertInstanceOf(DecodeResult.Parsed.class, r.get(1));
        assertFalse(d.broken());
    }

    @Test
    void aBrokenHeaderLineBreaksTheStream() {
        byte[] bad = ascii("OPTIONS sip:a@b SIP/2.0\r\nVia SIP/2.0/TCP h\r\nContent-Length: 0\r\n\r\n");
        SipStreamDecoder d = new SipStreamDecoder();
        List<DecodeResult> r = d.feed(concat(bad, OPTIONS));
        assertEquals(1, r.size());
        assertEquals("bad header line", Decoding.malformed(r.get(0)).reason());
        assertTrue(d.broken());
    }

    @Test
    void boundsTheBytesBufferedForAHeadWithoutEnd() {
        SipCodecLimits limits = SipCodecLimits.defaults().withMaxStreamMessageBytes(4096);
        SipStreamDecoder d = new SipStreamDecoder(limits);
        byte[] junk = ascii("INVITE sip:a@b SIP/2.0\r\nX-Filler: " + "a".repeat(1000) + "\r\n");
        DecodeResult last = null;
        for (int i = 0; i < 10 && !d.broken(); i++) {
            List<DecodeResult> r = d.feed(junk);
            last = r.get(r.size() - 1);
        }
        assertTrue(d.broken());
        DecodeResult.Malformed m = Decoding.malformed(last);
        assertEquals(513, m.status());
        assertEquals(0, d.buffered());
    }

    @Test
    void refusesAContentLengthBeyondTheStreamLimitBeforeBufferingTheBody() {
        SipStreamDecoder d = new SipStreamDecoder(SipCodecLimits.defaults().withMaxBodyBytes(1000));
        byte[] head = ascii("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
            + "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 MESSAGE\r\nContent-Length: 50000\r\n\r\n");
        List<DecodeResult> r = d.feed(head);
        assertEquals("message too large", Decoding.malformed(r.get(0)).reason());
        assertEquals(513, Decoding.malformed(r.get(0)).status());
        assertTrue(d.broken());
    }

    @Test
    void waitsForTheWholeBody() {
        byte[] msg = ascii("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
            + "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 MESSAGE\r\nContent-Length: 10\r\n\r\n0123456789");
        SipStreamDecoder d = new SipStreamDecoder();
        assertEquals(List.of(DecodeResult.Incomplete.INSTANCE), d.feed(msg, 0, msg.length - 1));
        List<DecodeResult> r = d.feed(msg, msg.length - 1, 1);
        assertEquals("0123456789", Decoding.parsed(r.get(0)).bodyText());
    }

    @Test
    void acceptsBareLfLineEndings() {
        byte[] lf = ascii("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\nTo: <sip:a@b>\n"
            + "From: <sip:c@d>;tag=1\nCall-ID: x\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n");
        assertEquals(Decoding.decode(lf), Decoding.parsed(new SipStreamDecoder().feed(lf).get(0)));
        assertEquals(Decoding.decode(lf), Decoding.parsed(Decoding.streamBytewise(lf).get(0)));
    }
}
