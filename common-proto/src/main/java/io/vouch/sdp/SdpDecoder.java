package io.vouch.sdp;

import io.vouch.sdp.internal.SdpParser;
import java.util.Objects;

/**
 * Decodes untrusted {@code application/sdp} bodies (RFC 8866) into a {@link SessionDescription}; never throws
 * on input. Stateless and thread-safe.
 */
public final class SdpDecoder {
    private final SdpLimits limits;

    public SdpDecoder() {
        this(SdpLimits.defaults());
    }

    public SdpDecoder(SdpLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public SdpDecodeResult decode(byte[] body) {
        return decode(body, 0, body.length);
    }

    public SdpDecodeResult decode(byte[] body, int off, int len) {
        Objects.checkFromIndexSize(off, len, body.length);
        try {
            return new SdpParser(limits).parse(body, off, len);
        } catch (RuntimeException e) {
            // a safety net: the parser returns values for every input; the tests treat this reason as a failure
            return new SdpDecodeResult.Malformed("internal", 0);
        }
    }
}
