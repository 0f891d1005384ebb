package io.vouch.identity.internal.sign;

import java.util.Objects;
import java.util.Optional;

/**
 * How the authentication service knows who sent a call (RFC 8588 §4): a digest-authenticated customer, or a
 * trusted peer (mutual TLS or configured source), possibly mapped to a customer.
 */
public record SigningOrigin(Kind kind, Optional<String> customer) {
    /** The source of trust. */
    public enum Kind {
        /** The auth stage authenticated a user of a customer. */
        AUTHENTICATED_USER,
        /** A trusted peer or gateway: its traffic is signed but its callers were not authenticated here. */
        TRUSTED_PEER
    }

    public SigningOrigin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(customer, "customer");
    }

    public static SigningOrigin user(String customer) {
        return new SigningOrigin(Kind.AUTHENTICATED_USER, Optional.of(customer));
    }

    public static SigningOrigin peer(Optional<String> customer) {
        return new SigningOrigin(Kind.TRUSTED_PEER, customer);
    }
}
