package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.loadtest.SipUser;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.smime.MimeEntity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The message scenario's recipient: 200 for a verified body, 493 when it cannot decrypt, 403 for a bad signature. */
class MessageRecipientsTest {
    private final SmimeUsers identities = new SmimeUsers("example.com");
    private final MessageRecipients recipients = new MessageRecipients(identities);
    private final List<SipResponse> answers = new ArrayList<>();
    private final SipFlow flow = new SipFlow() {
        @Override
        public String transport() {
            return "UDP";
        }

        @Override
        public boolean reliable() {
            return false;
        }

        @Override
        public String localHostPort() {
            return "127.0.0.1:5999";
        }

        @Override
        public void send(byte[] message, Consumer<Throwable> onError) {
            answers.add((SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder().decode(message)).message());
        }
    };

    private static SipRequest message(MimeEntity body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("MESSAGE sip:bob@127.0.0.1:5999 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvd1\r\n"
                + "From: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: m@x\r\n"
                + "CSeq: 2 MESSAGE\r\nMax-Forwards: 69\r\nContent-Type: " + body.contentType() + "\r\n"
                + "Content-Length: " + body.content().length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(body.content());
        return (SipRequest) ((DecodeResult.Parsed) new SipMessageDecoder().decode(b.toByteArray())).message();
    }

    @Test
    void answersByWhatTheBodyTurnsOutToBe() {
        SipUser bob = new SipUser("bob", "pw", Optional.empty());
        assertTrue(recipients.awaitRegistration(bob, ok -> { }), "the first asker registers");
        boolean[] woken = new boolean[1];
        assertFalse(recipients.awaitRegistration(bob, ok -> woken[0] = ok), "later askers wait");
        recipients.registered(bob, true);
        assertTrue(woken[0]);

        MimeEntity text = MimeEntity.of("text/plain", "hi bob\r\n".getBytes(StandardCharsets.UTF_8));
        MimeEntity sealed = identities.seal("alice", "bob", text);
        assertTrue(recipients.route(message(sealed), flow));
        assertEquals(200, answers.get(0).status());

        byte[] tampered = sealed.content().clone();
        tampered[tampered.length - 20] ^= 1;
        recipients.route(message(new MimeEntity(sealed.headers(), tampered)), flow);
        assertEquals(493, answers.get(1).status(), "RFC 3261 §23.2: Undecipherable");

        // encrypted to bob but signed by carol while claiming to be alice
        MimeEntity byCarol = identities.seal("carol", "bob", text);
        recipients.route(message(byCarol), flow);
        assertEquals(403, answers.get(2).status());
    }
}
