package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.cert.CertConfig;
import io.vouch.cert.TestPki;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PublishProcessorTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String AOR = "alice@example.com";
    private static final KeyPair EC = TestPki.ec();
    private static final byte[] CERT = TestPki.der(TestPki.user(EC, AOR, NOW));
    private final CertConfig config = CertConfig.defaults();
    private final PublishProcessor p = new PublishProcessor(config, new PublicationBodies(
            new UserCertificateValidator(2048, 256), new EncryptedKeyValidator(2048, 16384)));

    private static PublishProcessor.Input in(String tx, Optional<String> ifMatch, OptionalLong expires, byte[] body) {
        return new PublishProcessor.Input(AOR, "certificate", ifMatch, expires,
                body.length == 0 ? "" : "application/pkix-cert", body, tx);
    }

    private PublishProcessor.Accepted accepted(PublishProcessor.Result r) {
        return assertInstanceOf(PublishProcessor.Accepted.class, r);
    }

    private Rejection refused(PublishProcessor.Result r) {
        return assertInstanceOf(PublishProcessor.Refused.class, r).rejection();
    }

    @Test
    void initialPublicationIssuesAnEntityTagAndDefaultExpiry() {
        var a = accepted(p.process(in("t1", Optional.empty(), OptionalLong.empty(), CERT), Optional.empty(), NOW));
        assertEquals(PublishProcessor.Kind.INITIAL, a.kind());
        assertTrue(a.etag().isPresent());
        assertEquals(3600, a.expiresSeconds());
        assertEquals("application/pkix-cert", a.state().orElseThrow().contentType());
        assertTrue(a.contentChanged());
    }

    @Test
    void everyModifyAndRefreshRotatesTheEntityTag() {
        var first = accepted(p.process(in("t1", Optional.empty(), OptionalLong.of(600), CERT), Optional.empty(), NOW));
        String e1 = first.etag().orElseThrow();
        var modify = accepted(p.process(in("t2", Optional.of(e1), OptionalLong.of(600), CERT), first.state(), NOW));
        assertEquals(PublishProcessor.Kind.MODIFY, modify.kind());
        String e2 = modify.etag().orElseThrow();
        assertNotEquals(e1, e2);
        var refresh = accepted(p.process(in("t3", Optional.of(e2), OptionalLong.of(600), new byte[0]),
                modify.state(), NOW));
        assertEquals(PublishProcessor.Kind.REFRESH, refresh.kind());
        assertNotEquals(e2, refresh.etag().orElseThrow());
        // the old tag no longer matches
        assertEquals(412, refused(p.process(in("t4", Optional.of(e1), OptionalLong.of(600), CERT),
                refresh.state(), NOW)).status());
    }

    @Test
    void unknownEntityTagIs412() {
        assertEquals(412, refused(p.process(in("t1", Optional.of("nope"), OptionalLong.empty(), CERT),
                Optional.empty(), NOW)).status());
    }

    @Test
    void anExpiredPublicationNoLongerMatches() {
        var first = accepted(p.process(in("t1", Optional.empty(), OptionalLong.of(60), CERT), Optional.empty(), NOW));
        assertEquals(412, refused(p.process(in("t2", first.etag(), OptionalLong.of(60), new byte[0]), first.state(),
                NOW.plusSeconds(61))).status());
    }

    @Test
    void expiresZeroRemoves() {
        var first = accepted(p.process(in("t1", Optional.empty(), OptionalLong.of(600), CERT), Optional.empty(), NOW));
        var removed = accepted(p.process(in("t2", first.etag(), OptionalLong.of(0), new byte[0]), first.state(), NOW));
        assertEquals(PublishProcessor.Kind.REMOVE, removed.kind());
        assertTrue(removed.state().isEmpty());
        assertEquals(0, removed.expiresSeconds());
        assertTrue(removed.contentChanged());
    }

    @Test
    void tooShortIs423WithMinExpiresAndTooLongIsShortened() {
        Rejection r = refused(p.process(in("t1", Optional.empty(), OptionalLong.of(5), CERT), Optional.empty(), NOW));
        assertEquals(423, r.status());
        assertEquals(Map.of("Min-Expires", "60"), r.headers());
        var a = accepted(p.process(in("t2", Optional.empty(), OptionalLong.of(999_999_999L), CERT), Optional.empty(),
                NOW));
        assertEquals(config.publishMaxExpires(), a.expiresSeconds());
    }

    @Test
    void initialPublishNeedsABody() {
        assertEquals(400, refused(p.process(in("t1", Optional.empty(), OptionalLong.empty(), new byte[0]),
                Optional.empty(), NOW)).status());
    }

    @Test
    void wrongMediaTypeIs415WithAccept() {
        var input = new PublishProcessor.Input(AOR, "certificate", Optional.empty(), OptionalLong.empty(),
                "text/plain", CERT, "t1");
        Rejection r = refused(p.process(input, Optional.empty(), NOW));
        assertEquals(415, r.status());
        assertEquals("application/pkix-cert", r.headers().get("Accept"));
    }

    @Test
    void aCertificateForAnotherAorIs400() {
        byte[] other = TestPki.der(TestPki.user(EC, "bob@example.com", NOW));
        assertEquals(400, refused(p.process(in("t1", Optional.empty(), OptionalLong.empty(), other),
                Optional.empty(), NOW)).status());
    }

    @Test
    void aRedeliveredPublishGetsTheSameEntityTag() {
        var first = accepted(p.process(in("t1", Optional.empty(), OptionalLong.of(600), CERT), Optional.empty(), NOW));
        var again = accepted(p.process(in("t1", Optional.empty(), OptionalLong.of(600), CERT), first.state(), NOW));
        assertEquals(PublishProcessor.Kind.REPLAY, again.kind());
        assertEquals(first.etag(), again.etag());
    }

    @Test
    void credentialTakesCertificateAndEncryptedKeyAndRefusesPlaintext() {
        byte[] enc = TestPki.encrypted(EC.getPrivate(), 4096);
        byte[] body = Multipart.encode("b1", java.util.List.of(Map.entry("application/pkix-cert", CERT),
                Map.entry("application/pkcs8", enc)));
        var ok = new PublishProcessor.Input(AOR, "credential", Optional.empty(), OptionalLong.empty(),
                "multipart/mixed;boundary=b1", body, "t1");
        var a = accepted(p.process(ok, Optional.empty(), NOW));
        assertTrue(a.state().orElseThrow().contentType().startsWith("multipart/mixed"));
        byte[] plain = Multipart.encode("b1", java.util.List.of(Map.entry("application/pkix-cert", CERT),
                Map.entry("application/pkcs8", EC.getPrivate().getEncoded())));
        var bad = new PublishProcessor.Input(AOR, "credential", Optional.empty(), OptionalLong.empty(),
                "multipart/mixed; boundary=\"b1\"", plain, "t2");
        Rejection r = refused(p.process(bad, Optional.empty(), NOW));
        assertEquals(415, r.status());
        assertEquals("Plaintext Private Key Refused", r.reason());
        var lone = new PublishProcessor.Input(AOR, "credential", Optional.empty(), OptionalLong.empty(),
                "application/pkcs8", EC.getPrivate().getEncoded(), "t3");
        assertEquals("Plaintext Private Key Refused", refused(p.process(lone, Optional.empty(), NOW)).reason());
    }
}
