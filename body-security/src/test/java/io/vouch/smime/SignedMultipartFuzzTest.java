package io.vouch.smime;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@code multipart/signed} bodies (RFC 1847, RFC 8551 §3.5) through the verifier: the first
 * line of the input is the Content-Type, the rest the body; every input gives a result, nothing throws. Regression
 * mode (committed inputs only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class SignedMultipartFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void signedBodiesGiveAResult(byte[] input) {
        int nl = 0;
        while (nl < input.length && input[nl] != '\n') {
            nl++;
        }
        String contentType = new String(input, 0, nl, StandardCharsets.ISO_8859_1).strip();
        byte[] body = Arrays.copyOfRange(input, Math.min(input.length, nl + 1), input.length);
        MimeEntity entity;
        try {
            entity = MimeEntity.of(contentType.isEmpty() ? "multipart/signed" : contentType, body);
        } catch (IllegalArgumentException e) {
            return; // a header value with a line break cannot be written: not an input the parser sees
        }
        FuzzFixtures.check(FuzzFixtures.VERIFIER.verify(entity));
        BodyKind.of(entity);
    }
}
