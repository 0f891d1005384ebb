package io.vouch.proto;

import java.util.Objects;
import java.util.Optional;

/**
 * The typed {@link AuthAssertion} of an event: how stages write it and read it (RFC 3261 §22 for digest users).
 * An assertion with no method or no identity counts as none, so a stage never trusts an empty claim.
 */
public final class AuthAssertions {
    private AuthAssertions() {
    }

    /** The assertion {@code event} carries, if any. */
    public static Optional<AuthAssertion> of(SipEvent event) {
        if (!event.hasAuth()) {
            return Optional.empty();
        }
        AuthAssertion a = event.getAuth();
        return a.getMethod() == AuthMethod.AUTH_METHOD_UNSPECIFIED || a.getMethod() == AuthMethod.UNRECOGNIZED
                || a.getIdentity().isEmpty() ? Optional.empty() : Optional.of(a);
    }

    /** A digest user {@code user@realm} verified with {@code algorithm} (RFC 7616 token). */
    public static AuthAssertion digestUser(String user, String realm, String algorithm) {
        return AuthAssertion.newBuilder().setMethod(AuthMethod.DIGEST_USER)
                .setIdentity(Objects.requireNonNull(user, "user") + "@" + Objects.requireNonNull(realm, "realm"))
                .setRealm(realm).setAlgorithm(Objects.requireNonNull(algorithm, "algorithm")).build();
    }

    /** A mutual-TLS peer known by its trusted {@code name}. */
    public static AuthAssertion mtlsPeer(String name) {
        return AuthAssertion.newBuilder().setMethod(AuthMethod.MTLS_PEER).setIdentity(name).build();
    }

    /** A trusted source address. */
    public static AuthAssertion trustedSource(String address) {
        return AuthAssertion.newBuilder().setMethod(AuthMethod.TRUSTED_SOURCE).setIdentity(address).build();
    }

    /** The user part of a digest user's identity ({@code user} of {@code user@realm}); empty for other methods. */
    public static String user(AuthAssertion a) {
        if (a.getMethod() != AuthMethod.DIGEST_USER) {
            return "";
        }
        String id = a.getIdentity();
        int at = id.lastIndexOf('@');
        return at < 0 ? id : id.substring(0, at);
    }
}
