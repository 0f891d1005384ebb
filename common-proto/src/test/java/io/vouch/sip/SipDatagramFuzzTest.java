package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the datagram decoder (RFC 3261 §18.3): every input gives a value, never the
 * internal-error safety net; a parsed message survives encode then decode unchanged; a malformed request that can
 * be answered yields an encodable response. Runs in fuzzing mode under {@code -Pfuzz}; otherwise replays
 * {@code SipDatagramFuzzTestInputs}.
 */
class SipDatagramFuzzTest {
    private static final SipMessageDecoder DECODER = new SipMessageDecoder();
    private static final SipMessageEncoder ENCODER = new SipMessageEncoder();

    @FuzzTest
    void decodesEveryDatagram(byte[] datagram) {
        DecodeResult r = DECODER.decode(datagram);
        switch (r) {
            case DecodeResult.Parsed p -> {
                FuzzChecks.touchEverything(p.message());
                byte[] encoded = ENCODER.encode(p.message());
                assertEquals(encoded.length, SipMessageEncoder.encodedLength(p.message()), "encoded length");
                assertEquals(r, DECODER.decode(encoded), "decode -> encode -> decode");
            }
            case DecodeResult.Malformed m -> {
                assertNotEquals("internal", m.reason());
                SipResponse.forMalformed(m).ifPresent(b -> ENCODER.encode(b.build()));
            }
            case DecodeResult.KeepAlive k -> assertEquals(k, r);
            case DecodeResult.Incomplete inc -> fail("a datagram is never incomplete");
        }
    }
}
