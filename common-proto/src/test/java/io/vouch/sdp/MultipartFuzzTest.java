package io.vouch.sdp;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of multipart bodies (RFC 5621) and SDP location by Content-Type: every input gives a value.
 * Regression mode (seeds only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class MultipartFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void multipartBodiesParseToAValue(FuzzedDataProvider data) {
        String contentType = data.consumeString(120);
        byte[] body = data.consumeRemainingAsBytes();
        switch (SdpBodies.locate(Optional.of(contentType), body)) {
            case SdpBodies.Located.Malformed m -> assertNotEquals("internal", m.reason());
            case SdpBodies.Located.Found f -> f.sdps().forEach(s -> assertTrue(s.length <= body.length));
            case SdpBodies.Located.Absent a -> { }
        }
        ContentType.parse("multipart/mixed;boundary=" + contentType.replaceAll("[;\\s\"]", "x"))
            .map(ct -> MultipartBody.parse(ct, body))
            .ifPresent(r -> {
                if (r instanceof MultipartBody.Result.Malformed m) {
                    assertNotEquals("internal", m.reason());
                }
            });
    }
}
