package io.vouch.sdp;

import io.vouch.sdp.internal.SdpSyntax;
import java.util.Objects;
import java.util.Optional;

/**
 * An attribute {@code a=<name>[:<value>]} (RFC 8866 §5.13): a property attribute has no value. Names are tokens
 * and compared case-sensitively by {@link #is} as registered names are lower-case in practice; use
 * {@link #isIgnoreCase} where an RFC says otherwise.
 */
public record SdpAttribute(String name, Optional<String> value) {
    public SdpAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!SdpSyntax.isToken(name)) {
            throw new IllegalArgumentException("attribute name is not a token: " + name);
        }
    }

    /** Parses the text after {@code a=}; empty when the name is not a token. */
    public static Optional<SdpAttribute> parse(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (!SdpSyntax.isToken(name)) {
            return Optional.empty();
        }
        return Optional.of(new SdpAttribute(name, colon < 0 ? Optional.empty() : Optional.of(text.substring(colon + 1))));
    }

    public boolean is(String attributeName) {
        return name.equals(attributeName);
    }

    public boolean isIgnoreCase(String attributeName) {
        return name.equalsIgnoreCase(attributeName);
    }

    /** The value, or the empty string for a property attribute. */
    public String valueOrEmpty() {
        return value.orElse("");
    }

    @Override
    public String toString() {
        return value.map(v -> name + ":" + v).orElse(name);
    }
}
