package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.cert.CertConfig;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyAndParsersTest {
    private final AccessPolicy policy = new AccessPolicy(CertConfig.defaults());
    private static final Optional<AuthAssertion> ALICE = Optional.of(AuthAssertions.digestUser("alice", "example.com", "SHA-256"));

    @Test
    void anyoneSubscribesToACertificate() {
        assertTrue(policy.check("SUBSCRIBE", "certificate", "alice@example.com", Optional.empty(), Transport.UDP,
                false).isEmpty());
    }

    @Test
    void onlyTheOwnerPublishesACertificate() {
        assertTrue(policy.check("PUBLISH", "certificate", "alice@example.com", ALICE, Transport.UDP, false)
                .isEmpty());
        assertEquals(403, policy.check("PUBLISH", "certificate", "alice@example.com", Optional.of(AuthAssertions.digestUser("bob", "example.com", "SHA-256")),
                Transport.UDP, false).orElseThrow().status());
        assertEquals(403, policy.check("PUBLISH", "certificate", "alice@example.com", Optional.empty(),
                Transport.UDP, false).orElseThrow().status());
        assertEquals(403, policy.check("PUBLISH", "certificate", "alice@example.com", Optional.of(AuthAssertions.mtlsPeer("sbc")),
                Transport.UDP, false).orElseThrow().status());
        assertEquals(403, policy.check("PUBLISH", "certificate", "alice@example.com", Optional.of(AuthAssertions.digestUser("alice", "other.org", "SHA-256")),
                Transport.UDP, false).orElseThrow().status());
    }

    @Test
    void theRealmCheckCanBeRelaxed() {
        var relaxed = new AccessPolicy(CertConfig.from(new JsonObject().put("cert.owner.match.realm", false)));
        assertTrue(relaxed.check("PUBLISH", "certificate", "alice@example.com", Optional.of(AuthAssertions.digestUser("alice", "other.org", "SHA-256")),
                Transport.UDP, false).isEmpty());
    }

    @Test
    void credentialNeedsTheOwnerOverTls() {
        assertEquals("tls_required", policy.check("SUBSCRIBE", "credential", "alice@example.com", ALICE,
                Transport.UDP, false).orElseThrow().tag());
        assertTrue(policy.check("SUBSCRIBE", "credential", "alice@example.com", ALICE, Transport.TLS, false)
                .isEmpty());
        assertTrue(policy.check("PUBLISH", "credential", "alice@example.com", ALICE, Transport.TCP, true).isEmpty());
        assertEquals("not_owner", policy.check("SUBSCRIBE", "credential", "alice@example.com",
                Optional.of(AuthAssertions.digestUser("bob", "example.com", "SHA-256")), Transport.TLS, false).orElseThrow().tag());
        var noTls = new AccessPolicy(CertConfig.from(new JsonObject().put("cert.credential.require.tls", false)));
        assertTrue(noTls.check("SUBSCRIBE", "credential", "alice@example.com", ALICE, Transport.UDP, false)
                .isEmpty());
    }

    @Test
    void parsesEventHeaders() {
        EventHeader e = EventHeader.parse("Certificate ; id=7;etag=\"abc\"").orElseThrow();
        assertEquals("certificate", e.eventPackage());
        assertEquals("7", e.id());
        assertEquals(Optional.of("abc"), e.etag());
        assertTrue(EventHeader.parse("").isEmpty());
        assertTrue(EventHeader.parse("cert ificate").isEmpty());
        assertTrue(EventHeader.parse("certificate;id=1;id=2").isEmpty());
        assertTrue(EventHeader.parse("certificate;=x").isEmpty());
    }

    @Test
    void multipartRoundTripsAndRejectsBrokenInput() {
        byte[] a = {1, 2, 13, 10, 45, 45};
        byte[] body = Multipart.encode("xyz", List.of(Map.entry("application/pkix-cert", a),
                Map.entry("application/pkcs8", "k".getBytes(StandardCharsets.US_ASCII))));
        var parts = assertInstanceOf(Check.Ok.class, Multipart.parse("xyz", body));
        @SuppressWarnings("unchecked")
        List<Multipart.Part> list = (List<Multipart.Part>) parts.value();
        assertEquals(2, list.size());
        assertEquals("application/pkix-cert", list.get(0).mediaType());
        assertArrayEquals(a, list.get(0).content());
        assertInstanceOf(Check.Refused.class, Multipart.parse("other", body));
        assertInstanceOf(Check.Refused.class, Multipart.parse("xyz",
                java.util.Arrays.copyOf(body, body.length - 8)));
        assertEquals(Optional.of("b 1"), Multipart.boundary("multipart/mixed; charset=x; boundary=\"b 1\""));
        assertTrue(Multipart.boundary("multipart/mixed").isEmpty());
    }

    @Test
    void rateLimitsEachSourceSeparately() {
        SourceRateLimiter l = new SourceRateLimiter(1, 2, 100);
        assertTrue(l.tryAcquire("a", 0));
        assertTrue(l.tryAcquire("a", 0));
        assertFalse(l.tryAcquire("a", 0));
        assertTrue(l.tryAcquire("b", 0));
        assertTrue(l.tryAcquire("a", 1000));
        assertFalse(l.tryAcquire("a", 1000));
    }
}
