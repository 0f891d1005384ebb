package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of password-encrypted PKCS#8 keys (EncryptedPrivateKeyInfo), never decrypted:
 * every input gives a result, nothing throws (RFC 6072, RFC 3903, RFC 6665). Regression mode (committed inputs only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class EncryptedKeyFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void encryptedKeysGiveAVerdict(byte[] body) {
        switch (CertFuzzFixtures.KEYS.validate(body)) {
            case Check.Ok<byte[]> ok -> assertTrue(ok.value().length > 0 && ok.value().length <= 16384);
            case Check.Refused<byte[]> r -> CertFuzzFixtures.refusal(r.rejection());
        }
    }

}
