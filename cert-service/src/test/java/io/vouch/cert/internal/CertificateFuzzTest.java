package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of user certificates (DER / PEM) through the validator:
 * every input gives a result, nothing throws (RFC 6072, RFC 3903, RFC 6665). Regression mode (committed inputs only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class CertificateFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void certificatesGiveAVerdict(byte[] body) {
        switch (CertFuzzFixtures.CERTS.validate(body, CertFuzzFixtures.AOR, CertFuzzFixtures.NOW)) {
            case Check.Ok<UserCertificateValidator.Accepted> ok -> {
                assertTrue(ok.value().der().length > 0);
                assertTrue(UserCertificateValidator.sanUris(ok.value().certificate()).size() > 0);
            }
            case Check.Refused<UserCertificateValidator.Accepted> r -> CertFuzzFixtures.refusal(r.rejection());
        }
    }
}
