package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vouch.cert.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.bouncycastle.openssl.PKCS8Generator;
import org.junit.jupiter.api.Test;

class EncryptedKeyValidatorTest {
    private static final KeyPair EC = TestPki.ec();
    private final EncryptedKeyValidator v = new EncryptedKeyValidator(2048, 16384);

    private static Rejection refusal(Check<?> c) {
        return assertInstanceOf(Check.Refused.class, c).rejection();
    }

    @Test
    void acceptsPbes2WithAesAndEnoughIterations() {
        assertInstanceOf(Check.Ok.class, v.validate(TestPki.encrypted(EC.getPrivate(), 4096)));
    }

    @Test
    void acceptsPemEncryptedPrivateKey() {
        String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(TestPki.encrypted(EC.getPrivate(), 4096))
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assertInstanceOf(Check.Ok.class, v.validate(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aSequenceWithAnEndOfContentsMarkerInsideIsRefusedNotThrown() {
        // found by fuzzing: a lazily parsed sequence threw ASN1ParsingException from size()
        Rejection r = refusal(v.validate(new byte[] {0x30, 0x02, 0x00, 0x40}));
        assertEquals(400, r.status());
    }

    @Test
    void refusesAPlaintextPkcs8() {
        Rejection r = refusal(v.validate(EC.getPrivate().getEncoded()));
        assertEquals(415, r.status());
        assertEquals("Plaintext Private Key Refused", r.reason());
    }

    @Test
    void refusesAPlaintextPemKey() {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                EC.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        assertEquals("key_plaintext", refusal(v.validate(pem.getBytes(StandardCharsets.US_ASCII))).tag());
    }

    @Test
    void refusesTooFewIterations() {
        assertEquals("key_weak_encryption", refusal(v.validate(TestPki.encrypted(EC.getPrivate(), 100))).tag());
    }

    @Test
    void refusesPkcs12StylePbe() {
        byte[] pbe = TestPki.encrypted(EC.getPrivate(), PKCS8Generator.PBE_SHA1_3DES, 4096);
        assertEquals("Private Key Encryption Not PBES2", refusal(v.validate(pbe)).reason());
    }

    @Test
    void refusesGarbageAndTruncation() {
        assertEquals(400, refusal(v.validate(new byte[] {0x30, 0x03, 0x02, 0x01})).status());
        byte[] good = TestPki.encrypted(EC.getPrivate(), 4096);
        assertEquals(400, refusal(v.validate(java.util.Arrays.copyOf(good, good.length - 5))).status());
        assertEquals(400, refusal(v.validate("hello".getBytes(StandardCharsets.US_ASCII))).status());
    }

    @Test
    void refusesOversizedInput() {
        assertEquals(413, refusal(v.validate(new byte[20_000])).status());
    }
}
