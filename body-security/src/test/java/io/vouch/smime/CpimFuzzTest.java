package io.vouch.smime;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the CPIM parser (RFC 3862 §3) and MIME entity parsing: every input gives a result and a
 * parsed message encodes to text that parses to the same message. Regression mode by default; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class CpimFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void cpimGivesAResult(byte[] input) {
        if (CpimMessage.parse(input) instanceof CpimMessage.Result.Parsed p) {
            p.message().fromUri();
            p.message().dateTime();
            if (!(CpimMessage.parse(p.message().encode()) instanceof CpimMessage.Result.Parsed again)
                || !again.message().headers().equals(p.message().headers())) {
                throw new AssertionError("encode does not round-trip");
            }
        }
        MimeEntity.parse(input).ifPresent(e -> e.decodedContent());
    }
}
