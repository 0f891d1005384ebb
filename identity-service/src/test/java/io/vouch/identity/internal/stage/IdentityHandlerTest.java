package io.vouch.identity.internal.stage;

import io.vouch.identity.IdentityConfig;
import io.vouch.identity.TestPki;
import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.PartyId;
import io.vouch.identity.internal.passport.PassportClaims;
import io.vouch.identity.internal.passport.PassportToken;
import io.vouch.identity.internal.rfc4474.Rfc4474Verifier;
import io.vouch.identity.internal.sign.AttestationPolicy;
import io.vouch.identity.internal.sign.PassportSigner;
import io.vouch.identity.internal.sign.SigningKeyStore;
import io.vouch.identity.internal.sign.StirAuthenticator;
import io.vouch.identity.internal.sign.TnAssignments;
import io.vouch.identity.internal.verify.IdentityVerifier;
import io.vouch.identity.internal.verify.VerifierFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.MediaFindings;
import io.vouch.proto.MkyDigest;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthMethod;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Transport;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class IdentityHandlerTest {
    private static VerifierFixture f;
    @TempDir
    static Path dir;

    private final TnAssignments.InMemory assignments = TnAssignments.inMemory().assign(VerifierFixture.ORIG, "acme");

    static final String INVITE = """
            INVITE sip:+12155551213@example.net SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r
            Max-Forwards: 70\r
            From: "Alice" <sip:+12155551212@example.com;user=phone>;tag=1928301774\r
            To: <sip:+12155551213@example.net;user=phone>\r
            Call-ID: a84b4c76e66710@pc33.example.com\r
            CSeq: 314159 INVITE\r
            Contact: <sip:alice@192.0.2.10>\r
            %sContent-Length: 0\r
            \r
            """;

    @BeforeAll
    static void start() throws Exception {
        f = new VerifierFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void fresh() {
        f.fresh();
    }

    private IdentityHandler handler(JsonObject extra) throws Exception {
        return handler(extra, f.pool);
    }

    private IdentityHandler handler(JsonObject extra, java.util.concurrent.Executor crypto) throws Exception {
        Path key = TestPki.writePkcs8(Files.createTempFile(dir, "k", ".pem"), f.leaf.key().getPrivate());
        JsonObject json = new JsonObject().put("sign.keys", new JsonArray().add(new JsonObject()
                .put("id", "main").put("key.file", key.toString()).put("x5u", f.x5u))).mergeIn(extra);
        IdentityConfig config = IdentityConfig.from(json);
        SigningKeyStore keys = SigningKeyStore.load(config.keys());
        StirAuthenticator auth = new StirAuthenticator(keys, new AttestationPolicy(assignments),
                new PassportSigner(config.signProvider()), f.clock);
        Optional<IdentityHandler.Rfc4474Signer> legacy = Optional.empty();
        Optional<Rfc4474Verifier> legacyVerifier = Optional.empty();
        if (config.rfc4474().enabled()) {
            legacy = Optional.of(new IdentityHandler.Rfc4474Signer(rsa.getPrivate(), rsaUrl));
            legacyVerifier = Optional.of(new Rfc4474Verifier(f.fetcher, f.pool, f.clock, config.verifier().freshness(), 100));
        }
        IdentityVerifier verifier = new IdentityVerifier(config.verifier(), f.fetcher, f.pool, f.clock);
        return new IdentityHandler(config, Optional.of(auth), verifier, legacy, legacyVerifier, crypto, f.metrics,
                f.clock);
    }

    private static KeyPair rsa;
    private static String rsaUrl;

    /** An event carrying {@code sip}, with each {@link AuthAssertion} and {@link MediaFindings} set. */
    public static SipEvent event(String sip, String tx, com.google.protobuf.Message... metadata) {
        SipEvent.Builder b = SipEvent.newBuilder().setSip(ByteString.copyFrom(sip, StandardCharsets.UTF_8))
                .setFlow(Flow.newBuilder().setEdgeId("edge-1").setTransport(Transport.UDP).setRemoteHost("192.0.2.10")
                        .setRemotePort(5060))
                .setTransactionId(tx).setTraceId("0af7651916cd43dd8448eb211c80319c");
        for (com.google.protobuf.Message m : metadata) {
            switch (m) {
                case AuthAssertion a -> b.setAuth(a);
                case MediaFindings m2 -> b.setMedia(m2);
                default -> throw new IllegalArgumentException(m.toString());
            }
        }
        return b.build();
    }

    public static AuthAssertion authenticated(String identity) {
        return AuthAssertion.newBuilder().setMethod(AuthMethod.DIGEST_USER).setIdentity(identity)
                .setAlgorithm("SHA-256").build();
    }

    static SipResponse response(IdentityHandler h, SipEvent e) throws Exception {
        List<Outcome> out = h.handle(new StageRecord("vouch.sip.identity", 0, 0, "k", e, 0))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, out.size());
        Outcome.Reply r = assertInstanceOf(Outcome.Reply.class, out.getFirst());
        assertEquals("vouch.edge.edge-1", r.topic());
        DecodeResult.Parsed p = assertInstanceOf(DecodeResult.Parsed.class,
                new SipMessageDecoder().decode(r.reply().getSip().toByteArray()));
        return assertInstanceOf(SipResponse.class, p.message());
    }

    public static String invite(String extraHeaders) {
        return INVITE.formatted(extraHeaders);
    }

    @Test
    void signsAnAuthenticatedInviteAndRedirectsWithIdentity() throws Exception {
        IdentityHandler h = handler(new JsonObject());
        SipResponse r = response(h, event(invite(""), "tx-1", authenticated("acme")));
        assertEquals(302, r.status());
        assertEquals("<sip:+12155551213@example.net>", r.headers().first("Contact").orElseThrow());
        assertEquals(1, r.identities().size());
        IdentityHeader id = assertInstanceOf(IdentityHeader.Parsed.class,
                IdentityHeader.parse(r.identities().getFirst())).header();
        PassportToken t = assertInstanceOf(PassportToken.Parsed.class, PassportToken.parseFull(id.token())).token();
        assertEquals(Optional.of(Attestation.A), t.passport().claims().attest());
        assertEquals(new PartyId.Tn(VerifierFixture.ORIG), t.passport().claims().orig());
        assertEquals(List.of(VerifierFixture.DEST), t.passport().claims().destTns());
        assertEquals(1.0, f.metrics.count(IdentityMetrics.SIGNATURES, "attest", "A"));
    }

    @Test
    void verifiesWhatItSignedAndReportsVerstatOnPai() throws Exception {
        IdentityHandler h = handler(new JsonObject());
        SipResponse signed = response(h, event(invite(""), "tx-1", authenticated("acme")));
        String identity = signed.identities().getFirst();
        SipResponse r = response(h, event(invite("Identity: " + identity + "\r\n"), "tx-2"));
        assertEquals(302, r.status());
        String pai = r.headers().first("P-Asserted-Identity").orElseThrow();
        assertTrue(pai.contains("verstat=TN-Validation-Passed"), pai);
        assertEquals("<sip:+12155551213@example.net>", r.headers().first("Contact").orElseThrow());
        assertEquals(1.0, f.metrics.count(IdentityMetrics.VERIFICATIONS, "result", "passed", "reason", "none"));
    }

    @Test
    void warmUpRehearsesVerificationAndSigningWithoutCountingAnything() throws Exception {
        IdentityHandler h = handler(new JsonObject());
        SipResponse r = h.rehearse(new IdentityRehearsal(), event(invite(""), "warmup"));
        assertEquals(302, r.status());
        String pai = r.headers().first("P-Asserted-Identity").orElseThrow();
        assertTrue(pai.contains("+" + IdentityRehearsal.ORIG_TN) && pai.contains("verstat=TN-Validation-Passed"), pai);
        assertEquals(0.0, f.metrics.count(IdentityMetrics.VERIFICATIONS, "result", "passed", "reason", "none"));
        assertEquals(0.0, f.metrics.count(IdentityMetrics.SIGNATURES, "attest", "A"));
        // a real call right after is verified from scratch: the rehearsal left nothing in the replay cache or metrics
        String identity = response(h, event(invite(""), "tx-1", authenticated("acme"))).identities().getFirst();
        assertEquals(302, response(h, event(invite("Identity: " + identity + "\r\n"), "tx-2")).status());
        assertEquals(1.0, f.metrics.count(IdentityMetrics.VERIFICATIONS, "result", "passed", "reason", "none"));
    }

    @Test
    void warmUpRecordsQueueAFewRehearsalsOnTheCryptoPoolAndSkipTheRest() throws Exception {
        List<Runnable> queued = new java.util.ArrayList<>();
        IdentityHandler h = handler(new JsonObject(), queued::add);
        StageRecord warm = new StageRecord("vouch.sip.identity", 0, 0, "warmup", event(invite(""), "warmup"), 0);
        for (int i = 0; i < 10; i++) {
            h.warmUp(warm);
        }
        assertEquals(4, queued.size(), "at most four rehearsals wait on the pool");
        queued.removeFirst().run();
        h.warmUp(warm);
        assertEquals(4, queued.size(), "a finished rehearsal makes room for one more");
        queued.forEach(Runnable::run);
        assertEquals(0.0, f.metrics.count(IdentityMetrics.VERIFICATIONS, "result", "passed", "reason", "none"));
    }

    @Test
    void rejectsATamperedHeaderWith438AndAReason() throws Exception {
        IdentityHandler h = handler(new JsonObject());
        String identity = response(h, event(invite(""), "tx-1", authenticated("acme"))).identities().getFirst();
        int dot = identity.substring(0, identity.indexOf(';')).lastIndexOf('.');
        String tampered = identity.substring(0, dot + 1) + (identity.charAt(dot + 1) == 'A' ? 'B' : 'A')
                + identity.substring(dot + 2);
        SipResponse r = response(h, event(invite("Identity: " + tampered + "\r\n"), "tx-2"));
        assertEquals(438, r.status());
        assertEquals("Invalid Identity Header", r.reason());
        assertEquals("SIP;cause=438;text=\"Invalid Identity Header\"", r.headers().first("Reason").orElseThrow());
        assertEquals(1.0, f.metrics.count(IdentityMetrics.VERIFICATIONS, "result", "failed", "reason", "signature"));
    }

    @Test
    void annotatesFailuresInsteadWhenConfigured() throws Exception {
        IdentityHandler h = handler(new JsonObject().put("verify.failure.mode", "annotate"));
        String identity = response(h, event(invite(""), "tx-1", authenticated("acme"))).identities().getFirst();
        f.clock.advance(java.time.Duration.ofSeconds(120));
        SipResponse r = response(h, event(invite("Identity: " + identity + "\r\n"), "tx-2"));
        assertEquals(302, r.status());
        assertTrue(r.headers().first("P-Asserted-Identity").orElseThrow().contains("verstat=TN-Validation-Failed"));
        assertEquals("SIP;cause=403;text=\"Stale Date\"", r.headers().first("Reason").orElseThrow());
    }

    @Test
    void refusesAnUnauthenticatedInviteWith403Or428() throws Exception {
        assertEquals(403, response(handler(new JsonObject()), event(invite(""), "tx-1")).status());
        SipResponse r = response(handler(new JsonObject().put("verify.require.identity", true)), event(invite(""), "tx-1"));
        assertEquals(428, r.status());
        assertEquals("Use Identity Header", r.reason());
    }

    @Test
    void givesGatewayAttestationToATrustedPeerAndToATrustedSource() throws Exception {
        IdentityHandler h = handler(new JsonObject().put("sign.trusted.sources", "192.0.2.10"));
        SipEvent peer = event(invite(""), "tx-1").toBuilder()
                .setFlow(Flow.newBuilder().setEdgeId("edge-1").setPeerIdentity("carrier-x")).build();
        assertEquals(Attestation.C, attest(response(h, peer)));
        assertEquals(Attestation.C, attest(response(h, event(invite(""), "tx-2"))));
        assertEquals(Attestation.B, attest(response(h, event(invite(""), "tx-3", authenticated("other@example.com")))));
    }

    @Test
    void matchesATrustedSourceWrittenInAnyFormOfItsAddress() throws Exception {
        // the edge writes a flow's source as InetAddress.getHostAddress() does: IPv6 in full, no brackets
        IdentityHandler h = handler(new JsonObject().put("sign.trusted.sources", "::1, [2001:db8::7]"));
        for (String source : List.of("0:0:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:7")) {
            SipEvent e = event(invite(""), "tx-" + source).toBuilder()
                    .setFlow(Flow.newBuilder().setEdgeId("edge-1").setRemoteHost(source)).build();
            assertEquals(Attestation.C, attest(response(h, e)), source);
        }
        SipEvent other = event(invite(""), "tx-other").toBuilder()
                .setFlow(Flow.newBuilder().setEdgeId("edge-1").setRemoteHost("0:0:0:0:0:0:0:2")).build();
        assertEquals(403, response(h, other).status());
    }

    @Test
    void answersARedeliveredRecordWithTheSameToTag() throws Exception {
        IdentityHandler h = handler(new JsonObject());
        SipEvent e = event(invite(""), "tx-7", authenticated("acme"));
        assertEquals(response(h, e).to().tag(), response(h, e).to().tag());
    }

    @Test
    void addsADivPassportWhenTheCallWasDiverted() throws Exception {
        IdentityHandler h = handler(new JsonObject());
        SipResponse r = response(h, event(invite("Diversion: <tel:+12155550001>;reason=unconditional\r\n"), "tx-1",
                authenticated("acme")));
        assertEquals(2, r.identities().size());
        assertTrue(r.identities().get(1).endsWith(";ppt=div"), r.identities().get(1));
    }

    private static final String FP = "sha-256 " + "AB:".repeat(31) + "CD";

    private static String withSdp(String extraHeaders, String fingerprint) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
                + "m=audio 4000 UDP/TLS/RTP/SAVP 0\r\na=setup:actpass\r\na=fingerprint:" + fingerprint + "\r\n";
        return invite(extraHeaders + "Content-Type: application/sdp\r\n")
                .replace("Content-Length: 0\r\n\r\n", "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp);
    }

    private static MediaFindings mky(String value) {
        MediaFindings.Builder b = MediaFindings.newBuilder();
        for (String fp : value.split(",")) {
            String[] parts = fp.split(" ", 2);
            b.addMky(MkyDigest.newBuilder().setAlg(parts[0]).setDig(parts[1]));
        }
        return b.build();
    }

    private static PassportClaims claims(SipResponse r) {
        IdentityHeader id = assertInstanceOf(IdentityHeader.Parsed.class,
                IdentityHeader.parse(r.identities().getFirst())).header();
        return assertInstanceOf(PassportToken.Parsed.class, PassportToken.parseFull(id.token())).token().passport()
                .claims();
    }

    @Test
    void signsMkyFromTheMediaAnnotationUnlessTurnedOff() throws Exception {
        SipEvent e = event(withSdp("", FP), "tx-1", authenticated("acme"), mky(FP));
        Object claim = claims(response(handler(new JsonObject()), e)).extra().get("mky");
        assertEquals(List.of(Map.of("alg", "sha-256", "dig", FP.substring(8))), claim);
        assertEquals(null, claims(response(handler(new JsonObject().put("sign.mky", false)), e)).extra().get("mky"));
        assertEquals(null, claims(response(handler(new JsonObject()), event(invite(""), "tx-2",
                authenticated("acme")))).extra().get("mky"));
    }

    @Test
    void checksAVerifiedMkyAgainstTheSdpFingerprints() throws Exception {
        IdentityHandler h = handler(new JsonObject());
        String identity = "Identity: " + response(h, event(withSdp("", FP), "tx-1", authenticated("acme"), mky(FP)))
                .identities().getFirst() + "\r\n";
        SipResponse same = response(h, event(withSdp(identity, FP.toLowerCase()),
                "tx-2"));
        assertEquals(302, same.status());
        assertEquals(1.0, f.metrics.count(IdentityMetrics.MKY_CHECKS, "result", "match"));
        SipResponse altered = response(h, event(withSdp(identity, FP.replace("CD", "CE")), "tx-3"));
        assertEquals(438, altered.status());
        assertEquals(1.0, f.metrics.count(IdentityMetrics.MKY_CHECKS, "result", "mismatch"));
        assertEquals(1.0, f.metrics.count(IdentityMetrics.VERIFICATIONS, "result", "failed", "reason",
                "mky_mismatch"));
        SipResponse annotated = response(handler(new JsonObject().put("verify.failure.mode", "annotate")),
                event(withSdp(identity, FP.replace("CD", "CE")), "tx-4"));
        assertTrue(annotated.headers().first("P-Asserted-Identity").orElseThrow()
                .contains("verstat=TN-Validation-Failed"));
    }

    @Test
    void signsAndVerifiesLegacyRfc4474WhenEnabled() throws Exception {
        rsa = TestPki.rsaKey();
        java.security.cert.X509Certificate cert = TestPki.staticCert(new X500Name("CN=example.com"), rsa,
                new X500Name("CN=Test STI-CA Intermediate"), f.pki.intermediateKey.getPrivate(), false,
                f.clock.instant().minusSeconds(3600), f.clock.instant().plusSeconds(86_400), null,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "example.com")));
        rsaUrl = f.server.put(f.path("rsa.pem"), TestPki.pem(cert, f.pki.intermediate), Map.of());
        IdentityHandler h = handler(new JsonObject().put("rfc4474.enabled", true));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(f.clock.instant().atZone(ZoneOffset.UTC));
        SipResponse signed = response(h, event(invite("Date: " + date + "\r\n"), "tx-1", authenticated("acme")));
        assertEquals(302, signed.status());
        String identity = signed.headers().first("Identity").orElseThrow();
        String info = signed.headers().first("Identity-Info").orElseThrow();
        assertTrue(info.endsWith(";alg=rsa-sha256"), info);
        String headers = "Date: " + date + "\r\nIdentity: " + identity + "\r\nIdentity-Info: " + info + "\r\n";
        SipResponse ok = response(h, event(invite(headers), "tx-2"));
        assertEquals(302, ok.status());
        assertTrue(ok.headers().first("P-Asserted-Identity").orElseThrow().contains("TN-Validation-Passed"));
        String otherCallId = invite(headers).replace("a84b4c76e66710@pc33.example.com", "other@pc33.example.com");
        assertEquals(438, response(h, event(otherCallId, "tx-3")).status(), "Call-ID is covered by the signature");
    }

    private static Attestation attest(SipResponse r) {
        IdentityHeader id = ((IdentityHeader.Parsed) IdentityHeader.parse(r.identities().getFirst())).header();
        return ((PassportToken.Parsed) PassportToken.parseFull(id.token())).token().passport().claims().attest()
                .orElseThrow();
    }
}
