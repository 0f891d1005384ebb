package io.vouch.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@code a=crypto} values (RFC 4568) through the validator: every input gives a verdict
 * and a valid line decodes to keys of the suite's length (one target per class: Jazzer fuzzes one per JVM).
 * Regression mode (seeds only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class CryptoAttributeFuzzTest {
    private static final SdesValidator VALIDATOR = new SdesValidator(MediaKeyingConfig.defaults());

    @FuzzTest(maxDuration = "60s")
    void cryptoValuesGiveAVerdict(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        switch (VALIDATOR.validate(value)) {
            case SdesValidator.Line.Valid v -> {
                for (SdesKey k : v.attribute().keys()) {
                    assertEquals(v.suite().keySaltLength(), k.keySalt().length);
                }
                assertTrue(v.attribute().tag() >= 0 && v.attribute().tag() <= 999_999_999L);
            }
            case SdesValidator.Line.Refused r -> assertTrue(!r.reason().isEmpty());
        }
    }
}
