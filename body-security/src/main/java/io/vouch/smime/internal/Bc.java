package io.vouch.smime.internal;

import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One Bouncy Castle provider instance, passed explicitly so nothing is registered globally. */
public final class Bc {
    public static final Provider PROVIDER = new BouncyCastleProvider();

    /** Digests a signature may use (RFC 8551 §2.1: SHA-256 MUST, SHA-384/512 SHOULD; SHA-1 and MD5 are refused). */
    static final Set<ASN1ObjectIdentifier> DIGESTS = Set.of(
        NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    private Bc() {
    }

    static X509Certificate certificate(X509CertificateHolder holder) throws CertificateException {
        return new JcaX509CertificateConverter().setProvider(PROVIDER).getCertificate(holder);
    }
}
