package io.vouch.standalone;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Embedded mode only: the domain certificate the certificate service signs NOTIFYs with (RFC 4474 §5; RSA 2048,
 * {@code rsa-sha256}), self-signed for {@code 127.0.0.1} and {@code localhost}, kept in {@code <data dir>/cert}.
 * A deployment configures {@code cert.domain.key.file} and {@code cert.domain.cert.file} instead.
 */
final class DevDomainCertificate {
    private DevDomainCertificate() {
    }

    /** The key and certificate PEM files, made on first use. */
    record Pem(Path key, Path certificate) {
    }

    static Pem ensure(Path dataDir) throws Exception {
        Path dir = dataDir.resolve("cert");
        Path key = dir.resolve("domain-key.pem");
        Path cert = dir.resolve("domain.pem");
        if (Files.exists(key) && Files.exists(cert)) {
            return new Pem(key, cert);
        }
        Files.createDirectories(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=127.0.0.1, O=Vouch development domain");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.uniformResourceIdentifier, "sip:127.0.0.1")}));
        X509Certificate c = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        Files.writeString(key, pem(new JcaPKCS8Generator(kp.getPrivate(), null).generate()), StandardCharsets.US_ASCII);
        Files.writeString(cert, pem(c), StandardCharsets.US_ASCII);
        return new Pem(key, cert);
    }

    /** Reads an unencrypted PKCS#8 PEM private key. */
    static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
            }
            throw new IOException(file + " holds no unencrypted private key");
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }
}
