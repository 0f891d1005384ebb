package io.vouch.cert.internal;

import java.util.Map;
import java.util.Objects;

/**
 * Why a request is refused: the SIP status, a reason phrase naming the problem, extra response headers (e.g.
 * Min-Expires) and a short constant metric tag.
 */
public record Rejection(int status, String reason, String tag, Map<String, String> headers) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(tag, "tag");
        headers = Map.copyOf(headers);
        if (status < 300 || status > 699) {
            throw new IllegalArgumentException("not a final error status: " + status);
        }
    }

    public static Rejection of(int status, String reason, String tag) {
        return new Rejection(status, reason, tag, Map.of());
    }
}
