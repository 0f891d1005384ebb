package io.vouch.registrar.internal;

import static io.vouch.registrar.internal.Fixtures.T0;
import static io.vouch.registrar.internal.Fixtures.parsed;
import static io.vouch.registrar.internal.Fixtures.registerText;
import static io.vouch.registrar.internal.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.registrar.internal.RegistrationResult.Accepted;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.sip.Contact;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponsesTest {
    private final MutableClock clock = new MutableClock(T0);
    private final RegistrarConfig config = RegistrarConfig.defaults();
    private final Responses responses = new Responses(config);

    private SipResponse ok(String text, Optional<AorRecord> state) {
        RegisterRequest req = parsed(text, "alice");
        Accepted a = assertInstanceOf(Accepted.class, new RegistrationProcessor(config, clock).process(req, state));
        return reparse(responses.registerOk(request(text), req, a, clock.instant()));
    }

    /** Encodes and decodes again, so assertions see what goes on the wire. */
    private static SipResponse reparse(SipResponse r) {
        DecodeResult d = new SipMessageDecoder().decode(new SipMessageEncoder().encode(r));
        return (SipResponse) assertInstanceOf(DecodeResult.Parsed.class, d).message();
    }

    @Test
    void okListsEachContactWithItsRemainingExpiresAndQ() {
        SipResponse r = ok(registerText("c1", 1, "Contact: <sip:alice@192.0.2.1>;q=0.25;expires=300",
                "Contact: <sip:alice@192.0.2.2;transport=tcp>;+sip.instance=\"<urn:uuid:1>\""), Optional.empty());
        assertEquals(200, r.status());
        List<Contact> contacts = r.contacts();
        assertEquals(2, contacts.size());
        assertEquals("sip:alice@192.0.2.2;transport=tcp", contacts.get(0).uri().toString());
        assertEquals(3600, contacts.get(0).expires().orElseThrow());
        assertEquals("<urn:uuid:1>", contacts.get(0).sipInstance().orElseThrow());
        assertTrue(contacts.get(0).param("q").isEmpty());
        assertEquals(300, contacts.get(1).expires().orElseThrow());
        assertEquals(0.25, contacts.get(1).q().orElseThrow());
        assertTrue(r.to().tag().isPresent());
        assertEquals("c1", r.callId());
        assertTrue(r.headers().first("Date").orElseThrow().endsWith(" GMT"));
        assertFalse(r.headers().contains("Require"));
    }

    @Test
    void okEchoesPathOnlyWhenTheUaSupportsIt() {
        String with = registerText("c1", 1, "Supported: path", "Via: SIP/2.0/UDP p1.example.net;branch=z9hG4bKp",
                "Path: <sip:p1.example.net;lr>", "Contact: <sip:alice@192.0.2.1>");
        assertEquals(List.of("<sip:p1.example.net;lr>"), ok(with, Optional.empty()).headers().all("Path"));
        String without = registerText("c1", 1, "Via: SIP/2.0/UDP p1.example.net;branch=z9hG4bKp",
                "Path: <sip:p1.example.net;lr>", "Contact: <sip:alice@192.0.2.1>");
        assertFalse(ok(without, Optional.empty()).headers().contains("Path"));
    }

    @Test
    void okRequiresOutboundWhenTheFlowWasBound() {
        SipResponse r = ok(registerText("c1", 1, "Supported: outbound, path",
                "Contact: <sip:alice@192.0.2.1;ob>;+sip.instance=\"<urn:uuid:1>\";reg-id=1"), Optional.empty());
        assertEquals(List.of("outbound"), r.require());
        assertEquals("1", r.contacts().get(0).param("reg-id").orElseThrow());
    }

    @Test
    void retransmittedRegisterGetsAByteIdenticalAnswer() {
        RegistrarConfig noDate = RegistrarConfig.from(new JsonObject().put("registrar.date.header", false));
        Responses plain = new Responses(noDate);
        String text = registerText("c1", 1, "Contact: <sip:alice@192.0.2.1>");
        RegistrationProcessor p = new RegistrationProcessor(noDate, clock);
        RegisterRequest req = parsed(text, "alice");
        Accepted first = (Accepted) p.process(req, Optional.empty());
        Accepted again = (Accepted) p.process(req, first.state());
        SipMessageEncoder enc = new SipMessageEncoder();
        assertArrayEquals(enc.encode(plain.registerOk(request(text), req, first, clock.instant())),
                enc.encode(plain.registerOk(request(text), req, again, clock.instant())));
    }

    @Test
    void rejectionCarriesItsStatusReasonAndHeaders() {
        String text = registerText("c1", 1, "Contact: <sip:alice@192.0.2.1>;expires=5");
        RegistrationResult.Rejected rej = (RegistrationResult.Rejected)
                new RegistrationProcessor(config, clock).process(parsed(text, "alice"), Optional.empty());
        SipResponse r = reparse(responses.rejected(request(text), rej));
        assertEquals(423, r.status());
        assertEquals("Interval Too Brief", r.reason());
        assertEquals(Optional.of("60"), r.headers().first("Min-Expires"));
    }

    @Test
    void optionsAnswerListsCapabilities() {
        SipRequest options = request("""
                OPTIONS sip:example.com SIP/2.0\r
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-o1\r
                Max-Forwards: 70\r
                From: <sip:probe@example.org>;tag=p1\r
                To: <sip:example.com>\r
                Call-ID: o1\r
                CSeq: 1 OPTIONS\r
                Content-Length: 0\r
                \r
                """);
        SipResponse r = reparse(responses.optionsOk(options));
        assertEquals(200, r.status());
        assertEquals(List.of("INVITE", "ACK", "CANCEL", "OPTIONS", "REGISTER", "SUBSCRIBE", "PUBLISH", "MESSAGE",
                "NOTIFY", "INFO"), r.headers().all("Allow"));
        assertEquals(List.of("path", "outbound", "gruu"), r.supported());
        assertEquals(Optional.of("application/sdp"), r.headers().first("Accept"));
        assertTrue(r.headers().contains("Accept-Encoding"));
        assertTrue(r.headers().contains("Accept-Language"));
    }

    @Test
    void formatsQValues() {
        assertEquals("1.0", Responses.qText(1000));
        assertEquals("0.5", Responses.qText(500));
        assertEquals("0.125", Responses.qText(125));
        assertEquals("0.05", Responses.qText(50));
        assertEquals("0.0", Responses.qText(0));
    }

    @Test
    void formatsSipDateWithTwoDigitDay() {
        assertEquals("Mon, 02 Nov 2026 10:00:00 GMT", io.vouch.sip.SipDate.format(T0));
    }
}
