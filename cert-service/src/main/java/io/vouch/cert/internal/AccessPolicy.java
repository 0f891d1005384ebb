package io.vouch.cert.internal;

import io.vouch.cert.CertConfig;
import io.vouch.proto.Transport;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may do what (RFC 6072 §6.2, §7.2, §9): anyone may subscribe to a {@code certificate}; only the authenticated
 * owner of the AOR may publish one; only the owner may subscribe to or publish a {@code credential}, and by default
 * only over TLS. The owner is the identity the auth stage asserted ({@code user@realm}); a trusted-peer assertion
 * ({@code peer:…}) owns no AOR. Fails closed.
 */
public final class AccessPolicy {
    private final CertConfig config;

    public AccessPolicy(CertConfig config) {
        this.config = config;
    }

    /** Empty when allowed, else the refusal. */
    public Optional<Rejection> check(String method, String eventPackage, String aor, Optional<String> identity,
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

    /** Whether {@code identity} ({@code user@realm}) is the owner of {@code aor} ({@code user@host}). */
    boolean owns(String identity, String aor) {
        if (identity.startsWith("peer:")) {
            return false;
        }
        int at = aor.lastIndexOf('@');
        int iat = identity.lastIndexOf('@');
        if (at <= 0 || iat <= 0) {
            return false;
        }
        if (!identity.substring(0, iat).equals(aor.substring(0, at))) {
            return false;
        }
        return !config.ownerMatchRealm()
                || identity.substring(iat + 1).toLowerCase(Locale.ROOT).equals(aor.substring(at + 1));
    }
}
