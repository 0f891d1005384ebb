package io.vouch.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.vouch.sdp.Fingerprint;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@code a=fingerprint} values (RFC 8122): every input gives a value, and a parsed one
 * formats back to a value that parses.
 * Regression mode (seeds only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class FingerprintFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void fingerprintValuesGiveAVerdict(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        if (Fingerprint.parse(value) instanceof Fingerprint.ParseResult.Parsed p) {
            assertEquals(p.fingerprint().hash().orElseThrow().length(), p.fingerprint().digest().length);
            assertTrue(Fingerprint.parse(p.fingerprint().toString()) instanceof Fingerprint.ParseResult.Parsed);
        }
    }
}
