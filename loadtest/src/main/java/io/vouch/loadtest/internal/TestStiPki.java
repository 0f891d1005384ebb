package io.vouch.loadtest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away STIR PKI made at start for the invite-verify scenario: a test CA (P-256), a signing certificate
 * with an RFC 8226 TNAuthList (the service provider code and the calling-number range the tool uses), and a TLS
 * server certificate for 127.0.0.1 to serve the signing certificate over HTTPS. Keys never leave the process
 * except the CA certificate, which the system under test is told to trust.
 */
public final class TestStiPki {

    /** RFC 8226 §9: id-pe-TNAuthList. */
    public static final ASN1ObjectIdentifier TN_AUTH_LIST = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.26");

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);

    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final KeyPair signingKeys;
    private final X509Certificate signingCert;
    private final KeyPair tlsKeys;
    private final X509Certificate tlsCert;

    /** A CA key pair and certificate, kept across runs so the system under test trusts it once. */
    public record Ca(KeyPair keys, X509Certificate certificate) {
    }

    /**
     * @param spc     service provider code put in the TNAuthList
     * @param firstTn first telephone number of the covered range (digits)
     * @param count   numbers in the range (1 = a single number)
     */
    public TestStiPki(Ca ca, Clock clock, String spc, long firstTn, int count) {
        try {
            Instant now = clock.instant();
            caKeys = ca.keys();
            caCert = ca.certificate();
            X500Name caName = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
            signingKeys = ecKeys();
            signingCert = build(caName, new X500Name("CN=Vouch load test SHAKEN " + spc + ",O=Vouch load test"),
                    signingKeys.getPublic(), caKeys.getPrivate(), caKeys.getPublic(), now, Duration.ofDays(30),
                    false, b -> {
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                        b.addExtension(TN_AUTH_LIST, false, tnAuthList(spc, firstTn, count));
                    });
            tlsKeys = ecKeys();
            tlsCert = build(caName, new X500Name("CN=127.0.0.1"), tlsKeys.getPublic(), caKeys.getPrivate(),
                    caKeys.getPublic(), now, Duration.ofDays(30), false, b -> {
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                new GeneralName(GeneralName.iPAddress, "::1"),
                                new GeneralName(GeneralName.dNSName, "localhost")}));
                    });
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test PKI", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new self-signed test STI-CA (P-256, valid ten years). */
    public static Ca newCa(Clock clock) {
        try {
            KeyPair keys = ecKeys();
            X500Name name = new X500Name("CN=Vouch load test STI-CA " + Long.toHexString(SERIAL.incrementAndGet())
                    + ",O=Vouch load test");
            X509Certificate cert = build(name, name, keys.getPublic(), keys.getPrivate(), keys.getPublic(),
                    clock.instant(), Duration.ofDays(3650), true, b -> b.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
            return new Ca(keys, cert);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test CA", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the CA from {@code dir} ({@code ca.pem}, {@code ca.key}), or creates one there (key readable by the
     * owner only) when absent, so the system under test can trust {@code dir/ca.pem} once for every run.
     */
    public static Ca loadOrCreateCa(Path dir, Clock clock) throws IOException {
        Path certFile = dir.resolve("ca.pem");
        Path keyFile = dir.resolve("ca.key");
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            try {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
                PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
                        new PKCS8EncodedKeySpec(unpem(Files.readString(keyFile, StandardCharsets.US_ASCII))));
                return new Ca(new KeyPair(cert.getPublicKey(), key), cert);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException("unreadable test CA in " + dir + ": " + e.getMessage(), e);
            }
        }
        Ca ca = newCa(clock);
        Files.createDirectories(dir);
        Files.writeString(certFile, pem(ca.certificate()), StandardCharsets.US_ASCII);
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile);
        try {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the key is a throw-away test key anyway.
        }
        Files.writeString(keyFile, pem("PRIVATE KEY", ca.keys().getPrivate().getEncoded()),
                StandardCharsets.US_ASCII);
        return ca;
    }

    private static byte[] unpem(String text) {
        StringBuilder b64 = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.startsWith("-----") && !line.isBlank()) {
                b64.append(line.strip());
            }
        }
        return Base64.getDecoder().decode(b64.toString());
    }

    /** TNAuthorizationList ::= SEQUENCE OF TNEntry, explicit context tags spc [0], range [1], one [2]. */
    static DERSequence tnAuthList(String spc, long firstTn, int count) {
        ASN1EncodableVector entries = new ASN1EncodableVector();
        entries.add(new DERTaggedObject(true, 0, new DERIA5String(spc)));
        if (count > 1) {
            entries.add(new DERTaggedObject(true, 1, new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new DERIA5String(Long.toString(firstTn)), new ASN1Integer(count)})));
        } else {
            entries.add(new DERTaggedObject(true, 2, new DERIA5String(Long.toString(firstTn))));
        }
        return new DERSequence(entries);
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder b) throws IOException;
    }

    private static X509Certificate build(X500Name issuer, X500Name subject, PublicKey subjectKey, PrivateKey issuerKey,
                                         PublicKey issuerPublic, Instant now, Duration validity, boolean ca,
                                         Extensions extensions)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, subjectKey);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        if (!ca) {
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerPublic));
        }
        extensions.add(b);
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    public X509Certificate signingCertificate() {
        return signingCert;
    }

    public PrivateKey signingKey() {
        return signingKeys.getPrivate();
    }

    public X509Certificate tlsCertificate() {
        return tlsCert;
    }

    /** The signing certificate followed by the CA certificate, PEM: what the {@code x5u} URL serves. */
    public String signingChainPem() {
        return pem(signingCert) + pem(caCert);
    }

    public String tlsChainPem() {
        return pem(tlsCert) + pem(caCert);
    }

    public String tlsKeyPem() {
        return pem("PRIVATE KEY", tlsKeys.getPrivate().getEncoded());
    }

    public String caPem() {
        return pem(caCert);
    }

    static String pem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
