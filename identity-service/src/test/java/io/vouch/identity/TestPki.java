package io.vouch.identity;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A SHAKEN PKI built in the test: STI-CA root, intermediate, end-entity certificates with TNAuthList, CRLs, TLS. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffL);

    public final KeyPair rootKey = ecKey();
    public final X509Certificate root;
    public final KeyPair intermediateKey = ecKey();
    public final X509Certificate intermediate;
    private final Instant now;

    /** A signed end-entity: its key and the chain (end entity, intermediate). */
    public record Leaf(KeyPair key, X509Certificate cert, List<X509Certificate> chain) {
        public String chainPem() {
            return pem(chain.toArray());
        }
    }

    public TestPki(Instant now) {
        this.now = now;
        this.root = cert(new X500Name("CN=Test STI-CA Root"), rootKey, new X500Name("CN=Test STI-CA Root"),
                rootKey.getPrivate(), true, now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(3650)), null,
                null);
        this.intermediate = cert(new X500Name("CN=Test STI-CA Intermediate"), intermediateKey,
                new X500Name("CN=Test STI-CA Root"), rootKey.getPrivate(), true, now.minus(Duration.ofDays(10)),
                now.plus(Duration.ofDays(1000)), null, null);
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An end-entity STIR certificate valid now, carrying the given TNAuthList. */
    public Leaf leaf(String cn, TnAuthList tnAuth) {
        return leaf(cn, tnAuth, ecKey(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    public Leaf leaf(String cn, TnAuthList tnAuth, KeyPair key, Instant notBefore, Instant notAfter) {
        X509Certificate c = cert(new X500Name("CN=" + cn), key, new X500Name("CN=Test STI-CA Intermediate"),
                intermediateKey.getPrivate(), false, notBefore, notAfter, tnAuth, null);
        return new Leaf(key, c, List.of(c, intermediate));
    }

    /** A CRL from the intermediate listing the given certificates as revoked. */
    public X509CRL crl(X509Certificate... revoked) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name("CN=Test STI-CA Intermediate"),
                    Date.from(now.minus(Duration.ofHours(1))));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
            for (X509Certificate c : revoked) {
                b.addCRLEntry(c.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(5))), CRLReason.keyCompromise);
            }
            ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(intermediateKey.getPrivate());
            return new JcaX509CRLConverter().getCRL(b.build(s));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS server identity for 127.0.0.1/localhost, signed by a separate web CA; also a client context trusting it. */
    public record Tls(SSLContext server, SSLContext client, X509Certificate ca) {
    }

    public static Tls tls() {
        try {
            KeyPair caKey = ecKey();
            X500Name caName = new X500Name("CN=Test Web CA");
            X509Certificate ca = staticCert(caName, caKey, caName, caKey.getPrivate(), true,
                    Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), null,
                    new GeneralNames(new GeneralName[0]));
            KeyPair serverKey = ecKey();
            X509Certificate server = staticCert(new X500Name("CN=localhost"), serverKey, caName, caKey.getPrivate(),
                    false, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), null,
                    new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey.getPrivate(), "x".toCharArray(),
                    new java.security.cert.Certificate[] {server, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
            SSLContext serverCtx = SSLContext.getInstance("TLS");
            serverCtx.init(kmf.getKeyManagers(), null, new SecureRandom());
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext clientCtx = SSLContext.getInstance("TLS");
            clientCtx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return new Tls(serverCtx, clientCtx, ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate cert(X500Name subject, KeyPair subjectKey, X500Name issuer, PrivateKey issuerKey,
                                 boolean ca, Instant notBefore, Instant notAfter, TnAuthList tnAuth,
                                 GeneralNames san) {
        return staticCert(subject, subjectKey, issuer, issuerKey, ca, notBefore, notAfter, tnAuth, san);
    }

    public static X509Certificate staticCert(X500Name subject, KeyPair subjectKey, X500Name issuer, PrivateKey issuerKey,
                                      boolean ca, Instant notBefore, Instant notAfter, TnAuthList tnAuth,
                                      GeneralNames san) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKey.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(subjectKey.getPublic()));
            if (tnAuth != null) {
                b.addExtension(new ASN1ObjectIdentifier(TnAuthList.OID), false, tnAuth.toDer());
            }
            if (san != null && san.getNames().length > 0) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            String alg = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner s = new JcaContentSignerBuilder(alg).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object... objects) {
        try {
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                for (Object o : objects) {
                    w.writeObject(o);
                }
            }
            return sw.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the private key as unencrypted PKCS#8 PEM. */
    public static Path writePkcs8(Path file, PrivateKey key) throws java.io.IOException {
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        return file;
    }
}
