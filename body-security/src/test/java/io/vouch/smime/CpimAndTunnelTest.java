package io.vouch.smime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpimAndTunnelTest {
    private static final Instant NOW = Instant.parse("2026-12-05T02:00:00Z");

    private static SipRequest message(String date) {
        String text = """
            MESSAGE sip:bob@example.com SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776sgdkse\r
            Max-Forwards: 70\r
            From: "Alice" <sip:alice@example.com>;tag=49583\r
            To: <sip:bob@example.com>\r
            Call-ID: asd88asd77a@192.0.2.1\r
            CSeq: 1 MESSAGE\r
            Contact: <sip:alice@192.0.2.1:5060>\r
            Date: %s\r
            Content-Length: 0\r
            \r
            """.formatted(date);
        return (SipRequest) assertInstanceOf(DecodeResult.Parsed.class,
            new SipMessageDecoder().decode(text.getBytes(StandardCharsets.UTF_8))).message();
    }

    @Test
    void cpimRoundTripsAndCarriesSenderRecipientsAndTime() {
        CpimMessage m = CpimMessage.builder().from("Alice <sip:alice@example.com>").to("sip:bob@example.com")
            .dateTime(OffsetDateTime.parse("2026-12-05T02:00:00Z")).subject("lunch")
            .content(MimeEntity.of("text/plain;charset=utf-8", "Noon?".getBytes(StandardCharsets.UTF_8))).build();
        var parsed = assertInstanceOf(CpimMessage.Result.Parsed.class, CpimMessage.parse(m.encode())).message();
        assertEquals(m, parsed);
        assertEquals("sip:alice@example.com", parsed.fromUri().orElseThrow());
        assertEquals(List.of("sip:bob@example.com"), parsed.toUris());
        assertEquals(NOW, parsed.dateTime().orElseThrow().toInstant());
        assertEquals("Noon?", new String(parsed.content().content(), StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheRfc3862ExampleAndRejectsFoldingAndBadDates() {
        String rfc = """
            From: MR SANDERS <im:piglet@100akerwood.com>
            To: Depressed Donkey <im:eeyore@100akerwood.com>
            DateTime: 2000-12-13T13:40:00-08:00
            Subject: the weather will be fine today
            Subject:;lang=fr beau temps prevu pour aujourd'hui
            NS: MyFeatures <mid:MessageFeatures@id.foo.com>
            Require: MyFeatures.VitalMessageOption
            MyFeatures.VitalMessageOption: Confirmation-requested
            MyFeatures.WackyMessageOption: Use-silly-font

            Content-type: text/xml; charset=utf-8
            Content-ID: <1234567890@foo.com>

            <body>Here is the text of my message.</body>
            """;
        var p = assertInstanceOf(CpimMessage.Result.Parsed.class,
            CpimMessage.parse(rfc.getBytes(StandardCharsets.UTF_8))).message();
        assertEquals("im:piglet@100akerwood.com", p.fromUri().orElseThrow());
        assertEquals("text/xml; charset=utf-8", p.content().contentType());
        assertEquals(2, p.all("Subject").size());
        assertInstanceOf(CpimMessage.Result.Malformed.class, CpimMessage.parse(
            "From: <im:a@b>\r\n folded\r\n\r\nContent-Type: text/plain\r\n\r\nx".getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(CpimMessage.Result.Malformed.class, CpimMessage.parse(
            "From: <im:a@b>\r\nDateTime: yesterday\r\n\r\nContent-Type: text/plain\r\n\r\nx".getBytes()));
        assertInstanceOf(CpimMessage.Result.Malformed.class, CpimMessage.parse("To: <im:a@b>\r\n\r\n\r\nx".getBytes()));
    }

    @Test
    void aBareCarriageReturnInsideAHeaderFieldIsMalformedNotAnException() {
        byte[] input = "From: <im:a@b.com>\ro <i:\nTo: <im:c@d>\r\n\r\nContent-Type: text/plain\r\n\r\nhi"
            .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(java.util.Optional.empty(), MimeEntity.parse(input));
        assertInstanceOf(CpimMessage.Result.Malformed.class, CpimMessage.parse(input));
    }

    @Test
    void signedCpimVerifiesAndPutsItsHeadersUnderTheSignature() {
        TestKeys.Identity alice = TestKeys.user(TestKeys.ec(), "sip:alice@example.com");
        CpimMessage m = CpimMessage.builder().from("sip:alice@example.com").to("sip:bob@example.com")
            .dateTime(OffsetDateTime.now()).content(MimeEntity.of("text/plain", "hi".getBytes())).build();
        MimeEntity signed = SmimeSigner.create(alice.keys().getPrivate(), List.of(alice.cert())).sign(m.toEntity());
        var v = new SmimeVerifier(SignerTrust.pinned(List.of(alice.cert())), SmimeLimits.defaults(), Clock.systemUTC());
        var ok = assertInstanceOf(VerifyResult.Verified.class, v.verify(signed));
        var inner = assertInstanceOf(CpimMessage.Result.Parsed.class, CpimMessage.parse(ok.content().content()));
        assertEquals("sip:alice@example.com", inner.message().fromUri().orElseThrow());
        String forged = new String(signed.content(), StandardCharsets.ISO_8859_1).replace("sip:alice@", "sip:mallo@");
        assertEquals(new VerifyResult.Invalid("signature mismatch"),
            v.verify(MimeEntity.of(signed.contentType(), forged.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void aTunnelledCopyOfTheRequestIsConsistent() {
        SipRequest outer = message(TunnelledSip.date(NOW));
        assertInstanceOf(TunnelledSip.Result.Consistent.class,
            TunnelledSip.check(outer, TunnelledSip.wrap(outer), NOW, Duration.ofMinutes(10)));
        assertInstanceOf(TunnelledSip.Result.Consistent.class,
            TunnelledSip.check(outer, TunnelledSip.fragment(outer), NOW.plusSeconds(30), Duration.ofMinutes(10)));
    }

    @Test
    void eachComparedHeaderThatDiffersIsAMismatchNamingIt() {
        SipRequest outer = message(TunnelledSip.date(NOW));
        String frag = new String(TunnelledSip.fragment(outer).content(), StandardCharsets.UTF_8);
        record Case(String from, String to, String header) {
        }
        for (Case c : List.of(
            new Case("sip:alice@example.com>;tag=49583", "sip:eve@example.com>;tag=49583", "From"),
            new Case("tag=49583", "tag=1", "From"),
            new Case("To: <sip:bob@", "To: <sip:carol@", "To"),
            new Case("asd88asd77a@", "other@", "Call-ID"),
            new Case("1 MESSAGE", "2 MESSAGE", "CSeq"),
            new Case("<sip:alice@192.0.2.1:5060>", "<sip:alice@198.51.100.9>", "Contact"))) {
            MimeEntity changed = MimeEntity.of("message/sipfrag", frag.replace(c.from(), c.to()).getBytes());
            assertEquals(new TunnelledSip.Result.Mismatch(c.header()),
                TunnelledSip.check(outer, changed, NOW, Duration.ofMinutes(10)), c.header());
        }
        // a display name may differ (proxies may rewrite it); the URI and tag may not
        MimeEntity renamed = MimeEntity.of("message/sipfrag", frag.replace("\"Alice\"", "\"A. Liddell\"").getBytes());
        assertInstanceOf(TunnelledSip.Result.Consistent.class,
            TunnelledSip.check(outer, renamed, NOW, Duration.ofMinutes(10)));
    }

    @Test
    void aStaleOrMissingDateIsAMismatch() {
        SipRequest outer = message(TunnelledSip.date(NOW));
        assertEquals(new TunnelledSip.Result.Mismatch("Date"),
            TunnelledSip.check(outer, TunnelledSip.fragment(outer), NOW.plusSeconds(3600), Duration.ofMinutes(10)));
        MimeEntity noDate = MimeEntity.of("message/sipfrag",
            "From: <sip:alice@example.com>;tag=49583\r\nCall-ID: asd88asd77a@192.0.2.1\r\nCSeq: 1 MESSAGE\r\n".getBytes());
        assertEquals(new TunnelledSip.Result.Mismatch("Date"), TunnelledSip.check(outer, noDate, NOW, Duration.ofMinutes(10)));
        assertInstanceOf(TunnelledSip.Result.Malformed.class,
            TunnelledSip.check(outer, MimeEntity.of("text/plain", new byte[0]), NOW, Duration.ofMinutes(10)));
    }
}
