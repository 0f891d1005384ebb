package io.vouch.identity.internal.fetch;

import io.vouch.identity.TnAuthList;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A fetched certificate chain already validated to a trust anchor, with its TNAuthList (RFC 8226 §9). */
public record StirCertificate(List<X509Certificate> chain, TnAuthList tnAuthList) {
    public StirCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty chain");
        }
        Objects.requireNonNull(tnAuthList, "tnAuthList");
    }

    public X509Certificate endEntity() {
        return chain.getFirst();
    }

    public PublicKey publicKey() {
        return endEntity().getPublicKey();
    }

    /** The earliest {@code notAfter} in the chain: no cache may keep it past this. */
    public Instant notAfter() {
        Instant min = Instant.MAX;
        for (X509Certificate c : chain) {
            Instant na = c.getNotAfter().toInstant();
            if (na.isBefore(min)) {
                min = na;
            }
        }
        return min;
    }
}
