package io.vouch.sip;

import java.util.Locale;
import java.util.Objects;

/**
 * An absolute URI of a scheme other than sip, sips or tel (RFC 3261 §25.1 {@code absoluteURI}), kept
 * as written after the scheme, such as {@code urn:service:sos} or {@code mailto:a@example.com}.
 */
public record AbsoluteUri(String scheme, String schemeSpecificPart) implements Uri {
    public AbsoluteUri {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(schemeSpecificPart, "schemeSpecificPart");
        scheme = scheme.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return scheme + ":" + schemeSpecificPart;
    }
}
