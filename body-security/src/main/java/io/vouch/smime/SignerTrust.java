package io.vouch.smime;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Which certificates may sign: pinned certificates (for SIP, those the sender published, RFC 6072) and optionally
 * issuers whose directly issued certificates are accepted when the SignedData carries them (RFC 5652 §5.1). A
 * self-signed certificate carried in the message is never trusted by itself.
 */
public final class SignerTrust {
    private final List<X509Certificate> pinned;
    private final List<X509Certificate> issuers;

    private SignerTrust(Collection<X509Certificate> pinned, Collection<X509Certificate> issuers) {
        this.pinned = List.copyOf(pinned);
        this.issuers = List.copyOf(issuers);
    }

    /** Only these certificates may sign. */
    public static SignerTrust pinned(Collection<X509Certificate> certificates) {
        return new SignerTrust(certificates, List.of());
    }

    /** These certificates may sign, and so may a certificate one of them directly issued and the message carries. */
    public static SignerTrust pinnedOrIssuedBy(Collection<X509Certificate> certificates) {
        return new SignerTrust(certificates, certificates);
    }

    public List<X509Certificate> pinnedCertificates() {
        return pinned;
    }

    public List<X509Certificate> issuers() {
        return issuers;
    }
}
