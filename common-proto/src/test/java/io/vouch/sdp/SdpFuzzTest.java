package io.vouch.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the SDP decoder: every input gives a value, never the internal-error safety net, and
 * every parsed description encodes back to the exact input bytes, and one that
 * {@link SdpBodies#certainlyUnkeyed} lets past the media stage carries no keying attribute (one target per class: Jazzer fuzzes one per JVM).
 * Regression mode (seeds only) by default; {@code JAZZER_FUZZ=1} (the fuzz profile) fuzzes.
 */
class SdpFuzzTest {
    private static final SdpDecoder DECODER = new SdpDecoder();
    private static final SdpEncoder ENCODER = new SdpEncoder();

    @FuzzTest(maxDuration = "60s")
    void sdpDecodesToAValueAndRoundTripsExactly(byte[] input) {
        boolean unkeyed = SdpBodies.certainlyUnkeyed(Optional.of("application/sdp"), Optional.empty(), input);
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
                if (unkeyed) { // the routers' pre-check may never let a keyed offer skip the media stage
                    for (String name : List.of("crypto", "fingerprint", "setup", "tls-id", "key-mgmt")) {
                        assertFalse(p.description().hasAttributeAnywhere(name), name);
                    }
                }
            }
        }
    }
}
