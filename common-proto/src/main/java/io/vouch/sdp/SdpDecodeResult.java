package io.vouch.sdp;

import java.util.Objects;

/** The outcome of decoding an untrusted session description (RFC 8866 §5): parsed, or malformed with a reason. */
public sealed interface SdpDecodeResult {

    record Parsed(SessionDescription description) implements SdpDecodeResult {
        public Parsed {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Not a valid description. {@code reason} is short fixed text, usable as the reason phrase of a 400 (or 488)
     * and as a metric tag; {@code line} is the 1-based line number where decoding stopped, 0 for the whole body.
     */
    record Malformed(String reason, int line) implements SdpDecodeResult {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
