package io.vouch.cert.internal.body;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vouch.cert.BodySecurityConfig;
import io.vouch.cert.TestPki;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import io.vouch.smime.ContentCipher;
import io.vouch.smime.CpimMessage;
import io.vouch.smime.MimeEntity;
import io.vouch.smime.SmimeEncryptor;
import io.vouch.smime.SmimeLimits;
import io.vouch.smime.SmimeSigner;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class BodySecurityStageTest {
    static final SmimeMessages.User ALICE = SmimeMessages.User.of("alice@example.com", TestPki.ec());
    static final SmimeMessages.User BOB = SmimeMessages.User.of("bob@example.com", TestPki.rsa(2048));
    static final MimeEntity HELLO = MimeEntity.of("text/plain", "Hello Bob".getBytes(StandardCharsets.UTF_8));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Map<String, List<X509Certificate>> published = Map.of(ALICE.aor(), List.of(ALICE.cert()),
            BOB.aor(), List.of(BOB.cert()));

    private BodySecurityStage stage(String policy) {
        BodySecurityConfig config = BodySecurityConfig.from(new JsonObject().put("cert.body.policy", policy));
        BodyCheck check = new BodyCheck(aor -> published.getOrDefault(aor, List.of()), SmimeLimits.defaults(),
                Duration.ofMinutes(10), Clock.systemUTC());
        return new BodySecurityStage(config, check, registry, Clock.systemUTC());
    }

    static MimeEntity signedBy(SmimeMessages.User u, MimeEntity content) {
        return SmimeSigner.create(u.keys().getPrivate(), List.of(u.cert())).sign(content);
    }

    private static SipEvent event(byte[] sip) {
        return SmimeMessages.event("edge-1", "tx-1", sip);
    }

    /** The event's body findings as {@code smime}, {@code smime.signer}, {@code smime.reason} (set ones only). */
    public static Map<String, String> annotations(SipEvent e) {
        Map<String, String> m = new java.util.TreeMap<>();
        m.put("smime", e.getBody().getSmime().name().substring("SMIME_".length()).toLowerCase(java.util.Locale.ROOT));
        if (!e.getBody().getSigner().isEmpty()) {
            m.put("smime.signer", e.getBody().getSigner());
        }
        if (!e.getBody().getReason().isEmpty()) {
            m.put("smime.reason", e.getBody().getReason());
        }
        return m;
    }

    private static List<Outcome> run(BodySecurityStage stage, SipEvent event) {
        return stage.handle(new StageRecord(Topics.BODY, 0, 0, "bob@example.com", event, 0)).result();
    }

    private static Outcome.Forward forwarded(List<Outcome> out) {
        assertEquals(1, out.size());
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class, out.get(0));
        assertEquals(Topics.DELIVER, f.topic());
        assertEquals("bob@example.com", f.key(), "keyed by the target AOR, as delivery reads its bindings");
        return f;
    }

    private static SipResponse replied(List<Outcome> out) {
        Outcome.Reply r = assertInstanceOf(Outcome.Reply.class, out.get(0));
        return (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder().decode(r.reply().getSip().toByteArray()))
                .message();
    }

    private double count(String result) {
        var c = registry.find("vouch.smime.checks").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aBodySignedByTheSendersPublishedCertificateIsForwardedUnchangedAndAnnotatedVerified() {
        byte[] sip = SmimeMessages.message("c1", ALICE.aor(), BOB.aor(), signedBy(ALICE, HELLO));
        Outcome.Forward f = forwarded(run(stage("require-signed"), event(sip)));
        assertArrayEquals(sip, f.event().getSip().toByteArray(), "the body is never altered");
        assertEquals(Map.of("smime", "verified", "smime.signer", "sip:alice@example.com"), annotations(f.event()));
        assertEquals(1, count("verified"));
    }

    @Test
    void aTamperedBodyIsRefusedWith403AndWarningUnderRequireSignedAndAnnotatedInvalidOtherwise() {
        byte[] sip = SmimeMessages.tamper(SmimeMessages.message("c2", ALICE.aor(), BOB.aor(), signedBy(ALICE, HELLO)),
                "Hello Bob", "Hello Eve");
        SipResponse r = replied(run(stage("require-signed"), event(sip)));
        assertEquals(403, r.status());
        assertEquals("399 vouch \"S/MIME: signature mismatch\"", r.headers().first("Warning").orElseThrow());
        assertTrue(r.reason().contains("signature mismatch"), r.reason());

        Outcome.Forward f = forwarded(run(stage("annotate"), event(sip)));
        assertEquals(Map.of("smime", "invalid", "smime.reason", "signature mismatch"), annotations(f.event()));
        assertArrayEquals(sip, f.event().getSip().toByteArray());
        assertEquals(2, count("invalid"));
    }

    @Test
    void aSignerOtherThanTheSendersPublishedCertificateIsInvalidEvenWithTheRightSan() {
        SmimeMessages.User mallory = SmimeMessages.User.of("alice@example.com", TestPki.ec());
        byte[] sip = SmimeMessages.message("c3", ALICE.aor(), BOB.aor(), signedBy(mallory, HELLO));
        assertEquals("signer not trusted",
                annotations(forwarded(run(stage("annotate"), event(sip))).event()).get("smime.reason"));
        // Bob's own valid signature does not vouch for a MESSAGE whose From is Alice
        byte[] spoof = SmimeMessages.message("c4", ALICE.aor(), BOB.aor(), signedBy(BOB, HELLO));
        assertEquals(403, replied(run(stage("require-signed"), event(spoof))).status());
    }

    @Test
    void aPublishedCertificateWhoseSanIsNotTheFromAorIsRefused() {
        SmimeMessages.User carol = SmimeMessages.User.of("carol@example.com", TestPki.ec());
        published = Map.of(ALICE.aor(), List.of(carol.cert()));
        byte[] sip = SmimeMessages.message("c5", ALICE.aor(), BOB.aor(), signedBy(carol, HELLO));
        assertEquals("signer certificate does not name the From AOR",
                annotations(forwarded(run(stage("annotate"), event(sip))).event()).get("smime.reason"));
    }

    @Test
    void withoutAPublishedCertificateASignedBodyIsInvalid() {
        published = Map.of();
        byte[] sip = SmimeMessages.message("c6", ALICE.aor(), BOB.aor(), signedBy(ALICE, HELLO));
        SipResponse r = replied(run(stage("require-signed"), event(sip)));
        assertEquals(403, r.status());
        assertTrue(r.headers().first("Warning").orElseThrow().contains("no certificate published by sender"));
    }

    @Test
    void anEncryptedBodyPassesUntouchedUnderEitherPolicy() {
        MimeEntity enc = SmimeEncryptor.create(List.of(BOB.cert()), ContentCipher.AES128_GCM)
                .encrypt(signedBy(ALICE, HELLO));
        byte[] sip = SmimeMessages.message("c7", ALICE.aor(), BOB.aor(), enc);
        for (String policy : List.of("annotate", "require-signed")) {
            Outcome.Forward f = forwarded(run(stage(policy), event(sip)));
            assertArrayEquals(sip, f.event().getSip().toByteArray());
            assertEquals(Map.of("smime", "encrypted"), annotations(f.event()));
        }
        assertEquals(2, count("encrypted"));
    }

    @Test
    void anUnsignedBodyIsRefusedOnlyUnderRequireSignedAndAnEmptyOnePasses() {
        byte[] sip = SmimeMessages.message("c8", ALICE.aor(), BOB.aor(), HELLO);
        assertEquals("399 vouch \"S/MIME: body not signed\"",
                replied(run(stage("require-signed"), event(sip))).headers().first("Warning").orElseThrow());
        assertEquals(Map.of("smime", "unsigned"), annotations(forwarded(run(stage("annotate"), event(sip))).event()));
        byte[] empty = SmimeMessages.message("c9", ALICE.aor(), BOB.aor(), MimeEntity.of("text/plain", new byte[0]));
        assertEquals(Map.of("smime", "none"),
                annotations(forwarded(run(stage("require-signed"), event(empty))).event()));
    }

    @Test
    void signedCpimMustNameTheSameSenderAsFrom() {
        CpimMessage good = CpimMessage.builder().from("sip:alice@example.com").to("sip:bob@example.com")
                .dateTime(OffsetDateTime.now()).content(HELLO).build();
        byte[] ok = SmimeMessages.message("c10", ALICE.aor(), BOB.aor(), signedBy(ALICE, good.toEntity()));
        assertEquals("verified", annotations(forwarded(run(stage("annotate"), event(ok))).event()).get("smime"));
        CpimMessage other = CpimMessage.builder().from("sip:carol@example.com").to("sip:bob@example.com")
                .dateTime(OffsetDateTime.now()).content(HELLO).build();
        byte[] bad = SmimeMessages.message("c11", ALICE.aor(), BOB.aor(), signedBy(ALICE, other.toEntity()));
        assertEquals("CPIM From does not match From",
                annotations(forwarded(run(stage("annotate"), event(bad))).event()).get("smime.reason"));
    }

    @Test
    void malformedInputIsDroppedAndAMalformedSignedBodyIsInvalid() {
        assertInstanceOf(Outcome.Drop.class, run(stage("annotate"), event("garbage".getBytes())).get(0));
        MimeEntity broken = MimeEntity.of("multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b",
                "--b\r\n\r\nhi\r\n--b\r\nContent-Type: application/pkcs7-signature\r\n\r\nAAAA\r\n--b--\r\n".getBytes());
        byte[] sip = SmimeMessages.message("c12", ALICE.aor(), BOB.aor(), broken);
        assertEquals("malformed signature",
                annotations(forwarded(run(stage("annotate"), event(sip))).event()).get("smime.reason"));
    }
}
