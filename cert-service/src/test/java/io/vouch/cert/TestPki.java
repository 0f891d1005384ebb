package io.vouch.cert;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
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
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates and keys made with Bouncy Castle. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestPki() {
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

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed end-entity certificate with SAN URI {@code sanUri}, valid from notBefore to notAfter. */
    public static X509Certificate user(KeyPair kp, String sanUri, Instant notBefore, Instant notAfter, boolean ca) {
        try {
            X500Name name = new X500Name("CN=" + sanUri.replace(':', ' '));
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), name, kp.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            String alg = kp.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user certificate for {@code aor} valid a day either side of {@code now}. */
    public static X509Certificate user(KeyPair kp, String aor, Instant now) {
        return user(kp, "sip:" + aor, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), false);
    }

    /** A CA certificate (self-signed) for {@code cn}. */
    public static X509Certificate ca(KeyPair kp, String cn, Instant notBefore, Instant notAfter) {
        return issue(kp, "CN=" + cn, kp, "CN=" + cn, notBefore, notAfter, true, null);
    }

    /** A certificate for {@code subjectKey} signed by {@code issuerKey}; {@code ipSan} adds an IP address SAN. */
    public static X509Certificate issue(KeyPair subjectKey, String subject, KeyPair issuerKey, String issuer,
                                        Instant notBefore, Instant notAfter, boolean ca, String ipSan) {
        try {
            var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject), subjectKey.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ipSan != null) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, ipSan)));
            }
            String alg = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of a private key (unencrypted PKCS#8, for test TLS servers only). */
    public static String pemKey(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    public static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key} as a PBES2 (PBKDF2, AES-256-CBC) EncryptedPrivateKeyInfo. */
    public static byte[] encrypted(PrivateKey key, int iterations) {
        return encrypted(key, org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC, iterations);
    }

    public static byte[] encrypted(PrivateKey key, org.bouncycastle.asn1.ASN1ObjectIdentifier alg, int iterations) {
        try {
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(alg).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .setIterationCount(iterations)
                    .setPassword("correct horse".toCharArray()).build();
            return new JcaPKCS8Generator(key, enc).generate().getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
