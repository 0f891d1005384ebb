package io.vouch.identity.internal.sign;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/** A loaded private key with the certificate URL verifiers fetch (RFC 8224 §4.1 {@code info}). */
public record SigningKey(SigningKeySpec spec, PrivateKey privateKey, Optional<X509Certificate> certificate) {
    public SigningKey {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    public String id() {
        return spec.id();
    }

    public String x5u() {
        return spec.x5u();
    }

    @Override
    public String toString() {
        return "SigningKey[" + spec.id() + ", " + privateKey.getAlgorithm() + ", x5u=" + spec.x5u() + "]";
    }
}
