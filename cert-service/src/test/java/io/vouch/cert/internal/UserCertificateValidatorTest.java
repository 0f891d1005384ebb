package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vouch.cert.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserCertificateValidatorTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final KeyPair EC = TestPki.ec();
    private final UserCertificateValidator v = new UserCertificateValidator(2048, 256);

    private static Rejection refusal(Check<?> c) {
        return assertInstanceOf(Check.Refused.class, c).rejection();
    }

    @Test
    void acceptsAnEcCertificateNamingTheAor() {
        X509Certificate c = TestPki.user(EC, "alice@example.com", NOW);
        var ok = assertInstanceOf(Check.Ok.class, v.validate(TestPki.der(c), "alice@example.com", NOW));
        assertArrayEquals(TestPki.der(c), ((UserCertificateValidator.Accepted) ok.value()).der());
    }

    @Test
    void acceptsPemAndReturnsDer() {
        X509Certificate c = TestPki.user(EC, "alice@example.com", NOW);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(TestPki.der(c))
                + "\n-----END CERTIFICATE-----\n";
        var ok = assertInstanceOf(Check.Ok.class,
                v.validate(pem.getBytes(StandardCharsets.US_ASCII), "alice@example.com", NOW));
        assertArrayEquals(TestPki.der(c), ((UserCertificateValidator.Accepted) ok.value()).der());
    }

    @Test
    void matchesTheHostCaseInsensitivelyAndIgnoresUriParameters() {
        X509Certificate c = TestPki.user(EC, "sips:alice@Example.COM:5061;transport=tls", NOW.minusSeconds(60),
                NOW.plusSeconds(60), false);
        assertInstanceOf(Check.Ok.class, v.validate(TestPki.der(c), "alice@example.com", NOW));
    }

    @Test
    void refusesGarbage() {
        assertEquals(400, refusal(v.validate("not a certificate".getBytes(StandardCharsets.US_ASCII),
                "alice@example.com", NOW)).status());
    }

    @Test
    void refusesTrailingData() {
        byte[] der = TestPki.der(TestPki.user(EC, "alice@example.com", NOW));
        byte[] longer = java.util.Arrays.copyOf(der, der.length + 3);
        assertEquals("Certificate Has Trailing Data", refusal(v.validate(longer, "alice@example.com", NOW)).reason());
    }

    @Test
    void refusesACertificateForAnotherAor() {
        byte[] der = TestPki.der(TestPki.user(EC, "mallory@example.com", NOW));
        Rejection r = refusal(v.validate(der, "alice@example.com", NOW));
        assertEquals(400, r.status());
        assertEquals("Certificate Does Not Name The AOR", r.reason());
    }

    @Test
    void refusesExpiredAndNotYetValid() {
        byte[] expired = TestPki.der(TestPki.user(EC, "sip:alice@example.com", NOW.minus(Duration.ofDays(10)),
                NOW.minusSeconds(1), false));
        assertEquals("Certificate Expired", refusal(v.validate(expired, "alice@example.com", NOW)).reason());
        byte[] future = TestPki.der(TestPki.user(EC, "sip:alice@example.com", NOW.plusSeconds(60),
                NOW.plus(Duration.ofDays(10)), false));
        assertEquals("Certificate Not Yet Valid", refusal(v.validate(future, "alice@example.com", NOW)).reason());
    }

    @Test
    void refusesRsaBelowTheFloorAndAcceptsAtIt() {
        byte[] weak = TestPki.der(TestPki.user(TestPki.rsa(1024), "alice@example.com", NOW));
        assertEquals("RSA Key Shorter Than 2048 Bits", refusal(v.validate(weak, "alice@example.com", NOW)).reason());
        byte[] ok = TestPki.der(TestPki.user(TestPki.rsa(2048), "alice@example.com", NOW));
        assertInstanceOf(Check.Ok.class, v.validate(ok, "alice@example.com", NOW));
    }

    @Test
    void refusesACaCertificate() {
        byte[] ca = TestPki.der(TestPki.user(EC, "sip:alice@example.com", NOW.minusSeconds(60), NOW.plusSeconds(60),
                true));
        assertEquals("cert_ca", refusal(v.validate(ca, "alice@example.com", NOW)).tag());
    }

    @Test
    void readsOnlySipUrisAsAors() {
        assertEquals(Optional.of("bob@example.com"), UserCertificateValidator.aorOfUri("sip:bob@EXAMPLE.com"));
        assertEquals(Optional.of("example.com"), UserCertificateValidator.aorOfUri("sip:example.com:5060"));
        assertEquals(Optional.of("bob@[2001:db8::1]"), UserCertificateValidator.aorOfUri("sip:bob@[2001:db8::1]:5060"));
        assertEquals(Optional.empty(), UserCertificateValidator.aorOfUri("https://example.com/"));
        assertEquals(Optional.empty(), UserCertificateValidator.aorOfUri("sip:bob:secret@example.com"));
    }
}
