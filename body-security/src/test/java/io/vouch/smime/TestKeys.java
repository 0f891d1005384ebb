package io.vouch.smime;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test keys and certificates: a user certificate carries its AOR as SAN URI (RFC 8591 §9). */
public final class TestKeys {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffL);

    /** A key pair and its certificate. */
    public record Identity(KeyPair keys, X509Certificate cert) {
    }

    private TestKeys() {
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Identity user(KeyPair kp, String sanUri) {
        Instant now = Instant.now();
        return new Identity(kp, cert(kp, "CN=" + sanUri.replace(':', ' '), kp, "CN=" + sanUri.replace(':', ' '),
            sanUri, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), false));
    }

    public static X509Certificate cert(KeyPair subject, String subjectDn, KeyPair issuer, String issuerDn,
                                       String sanUri, Instant notBefore, Instant notAfter, boolean ca) {
        try {
            var b = new JcaX509v3CertificateBuilder(new X500Name(issuerDn),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                new X500Name(subjectDn), subject.getPublic());
            if (sanUri != null) {
                b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri)));
            }
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            String alg = issuer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(issuer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
