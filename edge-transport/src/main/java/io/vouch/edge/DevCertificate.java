package io.vouch.edge;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed ECDSA P-256 certificate for the embedded development mode, generated once on first start and reused
 * from its directory afterwards. Never meant for production: operators configure {@code tls.cert.path}.
 */
public final class DevCertificate {
    private DevCertificate() {
    }

    /** Paths of a PEM certificate and its PKCS#8 PEM key. */
    public record PemFiles(Path certificate, Path privateKey) {
    }

    /** Returns the existing development certificate in {@code dir}, or creates one for {@code hostNames}. */
    public static PemFiles ensure(Path dir, String... hostNames) throws IOException {
        Path cert = dir.resolve("edge-dev-cert.pem");
        Path key = dir.resolve("edge-dev-key.pem");
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return new PemFiles(cert, key);
        }
        Files.createDirectories(dir);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = g.generateKeyPair();
            X509Certificate x = selfSign(kp, hostNames);
            writeAtomically(cert, pem(x));
            writeAtomically(key, pem(kp.getPrivate()));
            try {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions apply
            }
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create development certificate", e);
        }
        return new PemFiles(cert, key);
    }

    private static X509Certificate selfSign(KeyPair kp, String... hostNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=vouch-edge-dev");
        Instant now = Instant.now();
        GeneralName[] names = new GeneralName[hostNames.length];
        for (int i = 0; i < hostNames.length; i++) {
            String h = hostNames[i];
            boolean ip = h.chars().allMatch(c -> Character.isDigit(c) || c == '.') || h.contains(":");
            names[i] = ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(h).getHostAddress())
                    : new GeneralName(GeneralName.dNSName, h);
        }
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(825))), subject,
                kp.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        if (names.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o instanceof java.security.PrivateKey k
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null).generate() : o);
        }
        return sw.toString();
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
