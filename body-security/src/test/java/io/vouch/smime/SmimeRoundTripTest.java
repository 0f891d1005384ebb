package io.vouch.smime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmimeRoundTripTest {
    private static final TestKeys.Identity ALICE_EC = TestKeys.user(TestKeys.ec(), "sip:alice@example.com");
    private static final TestKeys.Identity ALICE_RSA = TestKeys.user(TestKeys.rsa(), "sip:alice@example.com");
    private static final TestKeys.Identity BOB_EC = TestKeys.user(TestKeys.ec(), "sip:bob@example.com");
    private static final TestKeys.Identity BOB_RSA = TestKeys.user(TestKeys.rsa(), "sip:bob@example.com");
    private static final MimeEntity HELLO = MimeEntity.of("text/plain", "Hello Bob\r\n".getBytes(StandardCharsets.UTF_8));

    private static SmimeVerifier verifierFor(TestKeys.Identity... ids) {
        return new SmimeVerifier(SignerTrust.pinned(java.util.Arrays.stream(ids).map(TestKeys.Identity::cert).toList()),
            SmimeLimits.defaults(), Clock.systemUTC());
    }

    private static SmimeSigner signer(TestKeys.Identity id) {
        return SmimeSigner.create(id.keys().getPrivate(), List.of(id.cert()));
    }

    @Test
    void signsWithEcdsaAndVerifiesAgainstThePinnedCertificate() {
        MimeEntity signed = signer(ALICE_EC).sign(HELLO);
        assertEquals(BodyKind.SIGNED, BodyKind.of(signed));
        assertTrue(signed.contentType().contains("micalg=sha-256"));
        var result = assertInstanceOf(VerifyResult.Verified.class, verifierFor(ALICE_EC).verify(signed));
        assertEquals(ALICE_EC.cert(), result.signer());
        assertEquals(HELLO, result.content());
        assertTrue(result.signingTime().isPresent());
    }

    @Test
    void signsWithRsaAndVerifies() {
        MimeEntity signed = signer(ALICE_RSA).sign(HELLO);
        assertInstanceOf(VerifyResult.Verified.class, verifierFor(ALICE_RSA).verify(signed));
    }

    @Test
    void tamperedContentIsInvalid() {
        MimeEntity signed = signer(ALICE_EC).sign(HELLO);
        byte[] body = new String(signed.content(), StandardCharsets.ISO_8859_1).replace("Hello Bob", "Hello Eve")
            .getBytes(StandardCharsets.ISO_8859_1);
        var r = verifierFor(ALICE_EC).verify(MimeEntity.of(signed.contentType(), body));
        assertEquals(new VerifyResult.Invalid("signature mismatch"), r);
    }

    @Test
    void aSignerOtherThanThePinnedOneIsNotTrustedEvenWithItsCertificateEmbedded() {
        TestKeys.Identity mallory = TestKeys.user(TestKeys.ec(), "sip:alice@example.com");
        MimeEntity signed = signer(mallory).sign(HELLO);
        assertEquals(new VerifyResult.Invalid("signer not trusted"), verifierFor(ALICE_EC).verify(signed));
        // and a self-signed certificate does not vouch for itself through issuer trust either
        var viaIssuer = new SmimeVerifier(SignerTrust.pinnedOrIssuedBy(List.of(ALICE_EC.cert())),
            SmimeLimits.defaults(), Clock.systemUTC());
        assertEquals(new VerifyResult.Invalid("signer not trusted"), viaIssuer.verify(signed));
    }

    @Test
    void aCertificateIssuedByATrustedIssuerIsAcceptedWhenCarried() {
        KeyPair caKeys = TestKeys.ec();
        Instant now = Instant.now();
        var ca = TestKeys.cert(caKeys, "CN=Example CA", caKeys, "CN=Example CA", null, now.minusSeconds(60),
            now.plusSeconds(3600), true);
        KeyPair userKeys = TestKeys.ec();
        var user = TestKeys.cert(userKeys, "CN=carol", caKeys, "CN=Example CA", "sip:carol@example.com",
            now.minusSeconds(60), now.plusSeconds(3600), false);
        MimeEntity signed = SmimeSigner.create(userKeys.getPrivate(), List.of(user)).sign(HELLO);
        var v = new SmimeVerifier(SignerTrust.pinnedOrIssuedBy(List.of(ca)), SmimeLimits.defaults(), Clock.systemUTC());
        assertEquals(user, assertInstanceOf(VerifyResult.Verified.class, v.verify(signed)).signer());
        assertEquals(new VerifyResult.Invalid("signer not trusted"),
            new SmimeVerifier(SignerTrust.pinned(List.of(ca)), SmimeLimits.defaults(), Clock.systemUTC()).verify(signed));
    }

    @Test
    void anExpiredSignerCertificateIsInvalid() {
        MimeEntity signed = signer(ALICE_EC).sign(HELLO);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        var v = new SmimeVerifier(SignerTrust.pinned(List.of(ALICE_EC.cert())), SmimeLimits.defaults(), later);
        assertEquals(new VerifyResult.Invalid("signer certificate not valid now"), v.verify(signed));
    }

    @Test
    void aPlainBodyIsUnsignedAndAnOversizedSignedBodyIsInvalid() {
        assertEquals(VerifyResult.Unsigned.INSTANCE, verifierFor(ALICE_EC).verify(HELLO));
        MimeEntity signed = signer(ALICE_EC).sign(MimeEntity.of("text/plain", new byte[4000]));
        var small = new SmimeVerifier(SignerTrust.pinned(List.of(ALICE_EC.cert())), new SmimeLimits(1024, 4, 8),
            Clock.systemUTC());
        assertEquals(new VerifyResult.Invalid("body too large"), small.verify(signed));
    }

    @Test
    void opaqueSignedDataVerifiesAndCarriesTheContent() {
        MimeEntity signed = signer(ALICE_RSA).signOpaque(HELLO);
        assertEquals(BodyKind.SIGNED_OPAQUE, BodyKind.of(signed));
        var r = assertInstanceOf(VerifyResult.Verified.class, verifierFor(ALICE_RSA).verify(signed));
        assertEquals(HELLO, r.content());
        assertInstanceOf(VerifyResult.Verified.class, verifierFor(ALICE_RSA).verify(signed.base64()));
    }

    @ParameterizedTest
    @EnumSource(ContentCipher.class)
    void encryptsToRsaAndEcRecipientsAndDecrypts(ContentCipher cipher) {
        for (TestKeys.Identity bob : List.of(BOB_RSA, BOB_EC)) {
            MimeEntity enc = SmimeEncryptor.create(List.of(bob.cert()), cipher).encrypt(HELLO);
            assertEquals(cipher.authenticated() ? BodyKind.AUTH_ENVELOPED : BodyKind.ENVELOPED, BodyKind.of(enc));
            var d = new SmimeDecryptor(bob.keys().getPrivate(), bob.cert(), SmimeLimits.defaults()).decrypt(enc);
            var ok = assertInstanceOf(DecryptResult.Decrypted.class, d, bob.cert().getPublicKey().getAlgorithm());
            assertEquals(HELLO, ok.content());
            assertEquals(cipher, ok.cipher());
        }
    }

    @Test
    void aBodyForAnotherRecipientOrTamperedIsInvalid() {
        MimeEntity enc = SmimeEncryptor.create(List.of(BOB_EC.cert()), ContentCipher.AES128_GCM).encrypt(HELLO);
        var alice = new SmimeDecryptor(ALICE_EC.keys().getPrivate(), ALICE_EC.cert(), SmimeLimits.defaults());
        assertEquals(new DecryptResult.Invalid("not encrypted to this certificate"), alice.decrypt(enc));
        byte[] der = enc.content();
        der[der.length - 20] ^= 1;
        var bob = new SmimeDecryptor(BOB_EC.keys().getPrivate(), BOB_EC.cert(), SmimeLimits.defaults());
        assertInstanceOf(DecryptResult.Invalid.class, bob.decrypt(MimeEntity.of(enc.contentType(), der)));
        assertEquals(DecryptResult.NotEncrypted.INSTANCE, bob.decrypt(HELLO));
    }

    @Test
    void signThenEncryptNestsAndOpensInReverse() {
        MimeEntity signed = signer(ALICE_EC).sign(HELLO);
        MimeEntity enc = SmimeEncryptor.create(List.of(BOB_RSA.cert()), ContentCipher.AES256_GCM).encrypt(signed);
        assertEquals(VerifyResult.Unsigned.INSTANCE, verifierFor(ALICE_EC).verify(enc));
        var inner = assertInstanceOf(DecryptResult.Decrypted.class,
            new SmimeDecryptor(BOB_RSA.keys().getPrivate(), BOB_RSA.cert(), SmimeLimits.defaults()).decrypt(enc));
        assertEquals(BodyKind.SIGNED, BodyKind.of(inner.content()));
        var v = assertInstanceOf(VerifyResult.Verified.class, verifierFor(ALICE_EC).verify(inner.content()));
        assertArrayEquals(HELLO.content(), v.content().content());
    }

    @Test
    void aMultipartSignedWithAnotherProtocolIsInvalidNotUnsigned() {
        MimeEntity pgp = MimeEntity.of("multipart/signed; protocol=\"application/pgp-signature\"; boundary=x",
            "--x\r\n\r\nhi\r\n--x\r\nContent-Type: application/pgp-signature\r\n\r\nsig\r\n--x--\r\n".getBytes());
        assertEquals(new VerifyResult.Invalid("signature protocol not supported"), verifierFor(ALICE_EC).verify(pgp));
    }
}
