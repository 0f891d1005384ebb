package io.vouch.smime;

import io.vouch.smime.internal.Bc;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads PEM certificates (RFC 7468 §5) and unencrypted private keys (PKCS #8, PKCS #1 RSA, SEC 1 EC) as OpenSSL writes them. */
public final class Pem {
    private Pem() {
    }

    /** Every certificate in the text, in order; empty when there is none or one does not parse. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(h));
                }
            }
            return out;
        } catch (IOException | CertificateException | RuntimeException e) {
            return List.of();
        }
    }

    /** The first private key in the text; empty when there is none, it is encrypted, or it does not parse. */
    public static Optional<PrivateKey> privateKey(String pem) {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o;
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(Bc.PROVIDER);
            while ((o = p.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return Optional.of(conv.getPrivateKey(info));
                }
                if (o instanceof PEMKeyPair pair) {
                    return Optional.of(conv.getKeyPair(pair).getPrivate());
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
