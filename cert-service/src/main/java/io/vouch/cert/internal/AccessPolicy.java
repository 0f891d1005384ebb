package io.vouch.cert.internal;

import io.vouch.cert.CertConfig;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.AuthMethod;
import io.vouch.proto.Transport;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may do what (RFC 6072 §6.2, §7.2, §9): anyone may subscribe to a {@code certificate}; only the authenticated
 * owner of the AOR may publish one; only the owner may subscribe to or publish a {@code credential}, and by default
 * only over TLS. The owner is the digest user the auth stage asserted ({@code user@realm}); a mutual-TLS peer or
 * trusted source owns no AOR. Fails closed.
 */
public final class AccessPolicy {
    private final CertConfig config;

    public AccessPolicy(CertConfig config) {
        this.config = config;
    }

    /** Empty when allowed, else the refusal. */
    public Optional<Rejection> check(String method, String eventPackage, String aor, Optional<AuthAssertion> identity,
                                     Transport transport, boolean sipsUri) {
        boolean subscribe = method.equals("SUBSCRIBE");
        if (subscribe && eventPackage.equals(EventPackages.CERTIFICATE)) {
            return Optional.empty();
        }
        if (eventPackage.equals(EventPackages.CREDENTIAL) && config.credentialRequireTls()
                && transport != Transport.TLS && transport != Transport.WSS && !sipsUri) {
            return Optional.of(Rejection.of(403, "Credential Requires TLS", "tls_required"));
        }
        if (identity.isEmpty()) {
            return Optional.of(Rejection.of(403, "Authentication Required", "unauthenticated"));
        }
        if (!owns(identity.get(), aor)) {
            return Optional.of(Rejection.of(403, "Only The Owner May " + (subscribe ? "Subscribe" : "Publish"),
                    "not_owner"));
        }
        return Optional.empty();
    }

    /** Whether {@code identity}, a digest user ({@code user@realm}), is the owner of {@code aor} ({@code user@host}). */
    boolean owns(AuthAssertion identity, String aor) {
        if (identity.getMethod() != AuthMethod.DIGEST_USER) {
            return false;
        }
        int at = aor.lastIndexOf('@');
        if (at <= 0 || !AuthAssertions.user(identity).equals(aor.substring(0, at))) {
            return false;
        }
        return !config.ownerMatchRealm() || identity.getRealm().toLowerCase(Locale.ROOT).equals(aor.substring(at + 1));
    }
}
