package io.vouch.smime;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the CMS entry points (RFC 5652, RFC 5083): the input is the DER (or base64) of an
 * {@code application/pkcs7-mime} body, read as enveloped, authEnveloped, opaque signed data and by content sniffing;
 * every input gives a result, nothing throws. Regression mode by default; {@code JAZZER_FUZZ=1} fuzzes.
 */
class CmsFuzzTest {
    private static final String[] TYPES = {
        "application/pkcs7-mime", "application/pkcs7-mime; smime-type=enveloped-data",
        "application/pkcs7-mime; smime-type=authEnveloped-data", "application/pkcs7-mime; smime-type=signed-data"};

    @FuzzTest(maxDuration = "120s")
    void cmsObjectsGiveAResult(byte[] der) {
        for (String type : TYPES) {
            MimeEntity e = MimeEntity.of(type, der);
            FuzzFixtures.check(FuzzFixtures.RSA_DECRYPTOR.decrypt(e));
            FuzzFixtures.check(FuzzFixtures.EC_DECRYPTOR.decrypt(e));
            FuzzFixtures.check(FuzzFixtures.VERIFIER.verify(e));
        }
    }
}
