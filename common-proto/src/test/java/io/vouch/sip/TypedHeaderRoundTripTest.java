package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vouch.sip.internal.HeaderParsers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A typed header formatted back to text (as the edge does when it adds a tag or rewrites a header) parses to the
 * same value, and a message carrying that text decodes: the formatters never write what the parsers read
 * differently (RFC 3261 §20.10, §25.1).
 */
class TypedHeaderRoundTripTest {
    private static final String HEAD = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
        + "To: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n";

    private static SipMessage withHeader(String line) {
        return Decoding.decode((HEAD + line + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesAnAddrSpecWhoseUriHoldsAnAngleBracket() {
        // written back as <zsip:p@example.com>> it would no longer parse
        assertNull(HeaderParsers.nameAddr("zsip:p@example.com>;tag=1"));
        assertNull(HeaderParsers.contact("x:a<b"));
        assertEquals("bad From", Decoding.malformed(Decoding.DATAGRAM.decode(
            (HEAD + "From: zsip:p@example.com>;tag=1\r\n\r\n").getBytes(StandardCharsets.UTF_8))).reason());
        NameAddr isbn = withHeader("From: isbn:2983792873;tag=1").from();
        assertEquals(isbn, HeaderParsers.nameAddr(isbn.toString()));
    }

    @Test
    void escapesAControlCharacterOfADisplayNameAsAQuotedPair() {
        NameAddr from = withHeader("From: \"a\\\u0001b\" <sip:c@d>;tag=1").from();
        assertEquals("a\u0001b", from.displayName());
        assertEquals(from, HeaderParsers.nameAddr(from.toString()));
        assertEquals(from, withHeader("From: " + from.toString()).from());
    }

    @Test
    void escapesAControlCharacterOfAnAuthParameterAsAQuotedPair() {
        AuthHeader auth = HeaderParsers.auth("Digest username=\"a\\\u001fb\", realm=\"r\", nonce=\"n\", uri=\"sip:a@b\","
            + " response=\"00\"");
        assertEquals("a\u001fb", auth.params().get("username"));
        SipMessage m = withHeader("From: <sip:c@d>;tag=1\r\nAuthorization: " + auth);
        assertEquals(auth, m.authorizations().getFirst());
    }
}
