package io.vouch.sdp;

import io.vouch.sdp.internal.SdpSyntax;
import java.util.Optional;

/** Connection data {@code c=<nettype> <addrtype> <connection-address>} (RFC 8866 §5.7). */
public record Connection(String netType, String addrType, String address) {

    /** Parses a {@code c=} value; empty when it is not three tokens. */
    public static Optional<Connection> parse(String value) {
        String[] f = SdpSyntax.fields(value, 3, 3);
        if (f == null || !SdpSyntax.isToken(f[0]) || !SdpSyntax.isToken(f[1])) {
            return Optional.empty();
        }
        return Optional.of(new Connection(f[0], f[1], f[2]));
    }
}
