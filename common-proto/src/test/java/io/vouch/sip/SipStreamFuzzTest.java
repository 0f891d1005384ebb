package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of stream framing (RFC 3261 §18.3): fed whole or cut into fuzzer-chosen pieces, the
 * decoder yields the same results, never the internal-error safety net, and every parsed message survives encode
 * then decode unchanged.
 */
class SipStreamFuzzTest {
    private static final SipMessageEncoder ENCODER = new SipMessageEncoder();

    @FuzzTest
    void framesTheSameWhateverTheCuts(FuzzedDataProvider data) {
        int pieces = data.consumeInt(1, 8);
        int[] cuts = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            cuts[i] = data.consumeInt(0, 4096);
        }
        byte[] input = data.consumeRemainingAsBytes();

        List<DecodeResult> whole = complete(new SipStreamDecoder().feed(input));
        SipStreamDecoder stream = new SipStreamDecoder();
        List<DecodeResult> split = new ArrayList<>();
        int off = 0;
        for (int cut : cuts) {
            int len = Math.min(cut, input.length - off);
            split.addAll(stream.feed(input, off, len));
            off += len;
        }
        split.addAll(stream.feed(input, off, input.length - off));
        assertEquals(whole, complete(split), "the same results whatever the cuts");

        for (DecodeResult r : whole) {
            switch (r) {
                case DecodeResult.Parsed p -> {
                    FuzzChecks.touchEverything(p.message());
                    List<DecodeResult> again = new SipStreamDecoder().feed(ENCODER.encode(p.message()));
                    assertEquals(List.of(r), again, "decode -> encode -> decode");
                }
                case DecodeResult.Malformed m -> assertNotEquals("internal", m.reason());
                default -> {
                }
            }
        }
    }

    private static List<DecodeResult> complete(List<DecodeResult> results) {
        return results.stream().filter(r -> !(r instanceof DecodeResult.Incomplete)).toList();
    }
}
