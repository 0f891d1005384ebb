package io.vouch.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the SDP decoder, the multipart parser and SDP location: every input gives a value,
 * never the internal-error safety net, and every parsed description encodes back to the exact input bytes.
 * Regression mode (seeds only) by default; {@code JAZZER_FUZZ=1} fuzzes.
 */
@Tag("fuzz")
class SdpFuzzTest {
    private static final SdpDecoder DECODER = new SdpDecoder();
    private static final SdpEncoder ENCODER = new SdpEncoder();

    @FuzzTest(maxDuration = "60s")
    void sdpDecodesToAValueAndRoundTripsExactly(byte[] input) {
        switch (DECODER.decode(input)) {
            case SdpDecodeResult.Malformed m -> assertNotEquals("internal", m.reason());
            case SdpDecodeResult.Parsed p -> {
                byte[] out = ENCODER.encode(p.description());
                assertArrayEquals(input, out);
                assertEquals(p.description(), ((SdpDecodeResult.Parsed) DECODER.decode(out)).description());
                p.description().media().forEach(m -> {
                    m.media();
                    m.attributes();
                    m.connection();
                });
                p.description().withoutAttributes("crypto");
            }
        }
    }

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
