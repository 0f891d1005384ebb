package io.vouch.sdp;

import io.vouch.sdp.internal.SdpSyntax;
import java.util.Optional;

/** The origin {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>} (RFC 8866 §5.2). */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addrType,
                     String address) {

    /** Parses an {@code o=} value; empty unless six fields with numeric session id and version. */
    public static Optional<Origin> parse(String value) {
        String[] f = SdpSyntax.fields(value, 6, 6);
        if (f == null || !SdpSyntax.isDigits(f[1], 64) || !SdpSyntax.isDigits(f[2], 64)
            || !SdpSyntax.isToken(f[3]) || !SdpSyntax.isToken(f[4])) {
            return Optional.empty();
        }
        return Optional.of(new Origin(f[0], f[1], f[2], f[3], f[4], f[5]));
    }
}
