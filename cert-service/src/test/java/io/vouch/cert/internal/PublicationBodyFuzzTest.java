package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of PUBLISH bodies by Content-Type: certificates and {@code multipart/mixed} credentials:
 * every input gives a result, nothing throws (RFC 6072, RFC 3903, RFC 6665). Regression mode (committed inputs only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class PublicationBodyFuzzTest {
    /** Input: one byte choosing the package ({@code C}: credential), the Content-Type line, LF, the body. */
    @FuzzTest(maxDuration = "120s")
    void publicationBodiesGiveAVerdict(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String pkg = input[0] == 'C' ? EventPackages.CREDENTIAL : EventPackages.CERTIFICATE;
        int lf = 1;
        while (lf < input.length && input[lf] != '\n') {
            lf++;
        }
        String contentType = new String(input, 1, lf - 1, StandardCharsets.UTF_8);
        byte[] body = lf < input.length ? Arrays.copyOfRange(input, lf + 1, input.length) : new byte[0];
        Multipart.boundary(contentType).ifPresent(b -> assertNotNull(Multipart.parse(b, body)));
        switch (CertFuzzFixtures.BODIES.validate(pkg, contentType, body, CertFuzzFixtures.AOR, CertFuzzFixtures.NOW)) {
            case Check.Ok<PublicationBodies.Body> ok -> {
                assertTrue(ok.value().bytes().length > 0);
                assertTrue(ok.value().contentType().startsWith(pkg.equals(EventPackages.CERTIFICATE)
                        ? PublicationBodies.PKIX_CERT : PublicationBodies.MULTIPART_MIXED));
            }
            case Check.Refused<PublicationBodies.Body> r -> CertFuzzFixtures.refusal(r.rejection());
        }
    }

}
