package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vouch.sip.fixtures.SipFixture;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncoderTest {
    private final SipMessageEncoder encoder = new SipMessageEncoder();

    @Test
    void writesFullHeaderNamesAndTheActualContentLength() {
        SipMessage m = Decoding.decode(SipFixture.load("valid/escapes.sip").bytes());
        String text = new String(encoder.encode(m), StandardCharsets.UTF_8);
        assertEquals("INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0\r\n"
            + "To: sip:%75se%72@example.com\r\n"
            + "From: <sip:I%20have%20spaces@example.net>;tag=938\r\n"
            + "Max-Forwards: 87\r\n"
            + "Call-ID: escapes.kjsd8hk3@example.net\r\n"
            + "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\r\n"
            + "Contact: <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>\r\n"
            + "Content-Length: 0\r\n"
            + "Content-Type: application/sdp\r\n"
            + "CSeq: 8 INVITE\r\n"
            + "\r\n", text);
    }

    @Test
    void replacesAWrongContentLengthInPlaceAndAppendsAMissingOne() {
        SipResponse r = SipResponse.builder(200, "OK")
            .header("Via", "SIP/2.0/UDP h;branch=z9hG4bK1").header("Content-Length", "999")
            .header("To", "<sip:a@b>;tag=1").body("hello".getBytes(StandardCharsets.UTF_8)).build();
        assertEquals("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 5\r\nTo: <sip:a@b>;tag=1\r\n\r\nhello",
            new String(encoder.encode(r), StandardCharsets.UTF_8));
        SipResponse noLength = SipResponse.builder(200, "OK").build();
        assertEquals("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", new String(encoder.encode(noLength), StandardCharsets.UTF_8));
    }

    @Test
    void encodesNonAsciiTextAsUtf8() {
        SipResponse r = SipResponse.builder(200, "Grüße").header("Subject", "日本語").build();
        byte[] b = encoder.encode(r);
        assertEquals("SIP/2.0 200 Grüße\r\nSubject: 日本語\r\nContent-Length: 0\r\n\r\n", new String(b, StandardCharsets.UTF_8));
        SipResponse full = SipResponse.builder(200, "Grüße").header("Via", "SIP/2.0/UDP h;branch=z9hG4bK1")
            .header("From", "\"Jürgen\" <sip:j@example.com>;tag=1").header("To", "<sip:a@b>;tag=2")
            .header("Call-ID", "x").header("CSeq", "1 INVITE").header("Subject", "日本語").build();
        SipMessage back = Decoding.decode(encoder.encode(full));
        assertEquals(full, back);
        assertEquals("Jürgen", back.from().displayName());
    }

    @Test
    void writesIntoAByteBuffer() {
        SipMessage m = Decoding.decode(SipFixture.load("valid/basic-invite.sip").bytes());
        byte[] expected = encoder.encode(m);
        ByteBuffer buf = ByteBuffer.allocate(expected.length + 10);
        buf.put((byte) 1);
        encoder.encode(m, buf);
        assertEquals(expected.length + 1, buf.position());
        byte[] written = new byte[expected.length];
        buf.flip().position(1);
        buf.get(written);
        assertArrayEquals(expected, written);
        assertThrows(BufferOverflowException.class, () -> encoder.encode(m, ByteBuffer.allocate(10)));
    }

    @Test
    void bodyAccessorReturnsACopy() {
        SipMessage m = Decoding.decode(SipFixture.load("valid/basic-invite.sip").bytes());
        byte[] body = m.body();
        body[0] = 'X';
        assertEquals('v', m.body()[0]);
        assertEquals(body.length, m.bodyLength());
    }
}
