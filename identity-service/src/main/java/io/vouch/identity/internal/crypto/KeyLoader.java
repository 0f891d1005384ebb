package io.vouch.identity.internal.crypto;

import io.vouch.identity.internal.sign.SigningKey;
import io.vouch.identity.internal.sign.SigningKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Reads one {@link SigningKeySpec}'s files into a {@link SigningKey}: PEM PKCS#8 / SEC1 / encrypted PKCS#8 or a
 * PKCS#12 store, and checks that the private key matches the certificate when one is given, so that a
 * half-rotated pair never replaces a working one.
 */
public final class KeyLoader {
    /** Largest key or certificate file read. */
    static final int MAX_FILE_BYTES = 1 << 20;

    /** Result of loading a key. */
    public sealed interface Result permits Loaded, Failed {
    }

    public record Loaded(SigningKey key) implements Result {
    }

    public record Failed(String reason) implements Result {
    }

    /** Bouncy Castle for PBES2/legacy PEM decryption, which the JDK providers cannot do for these encodings. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private KeyLoader() {
    }

    public static Result load(SigningKeySpec spec) {
        try {
            byte[] keyBytes = read(spec.keyFile());
            String name = spec.keyFile().getFileName().toString().toLowerCase(Locale.ROOT);
            PrivateKey key;
            Optional<X509Certificate> cert = Optional.empty();
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                char[] pw = spec.password().orElse("").toCharArray();
                ks.load(new ByteArrayInputStream(keyBytes), pw);
                String alias = null;
                for (String a : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(a)) {
                        alias = a;
                        break;
                    }
                }
                if (alias == null) {
                    return new Failed("no key entry in " + spec.keyFile());
                }
                Key k = ks.getKey(alias, pw);
                if (!(k instanceof PrivateKey pk)) {
                    return new Failed("entry " + alias + " is not a private key");
                }
                key = pk;
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    cert = Optional.of(x);
                }
            } else {
                Optional<PrivateKey> pem = readPem(new String(keyBytes, StandardCharsets.US_ASCII),
                        spec.password().orElse(null));
                if (pem.isEmpty()) {
                    return new Failed("no private key in " + spec.keyFile());
                }
                key = pem.get();
            }
            if (spec.certFile().isPresent()) {
                try (InputStream in = new ByteArrayInputStream(read(spec.certFile().get()))) {
                    cert = Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(in));
                }
            }
            if (cert.isPresent() && !matches(key, cert.get().getPublicKey())) {
                return new Failed("private key of " + spec.id() + " does not match its certificate");
            }
            return new Loaded(new SigningKey(spec, key, cert));
        } catch (IOException | GeneralSecurityException | RuntimeException | PKCSException
                 | OperatorCreationException e) {
            return new Failed(spec.id() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static byte[] read(java.nio.file.Path p) throws IOException {
        long size = Files.size(p);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(p + " larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Files.readAllBytes(p);
    }

    /** The first private key in PEM text (several PEM blocks may precede it). */
    public static Optional<PrivateKey> readPem(String pem, String password)
            throws IOException, PKCSException, OperatorCreationException {
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try (Reader r = new StringReader(pem); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                switch (o) {
                    case PrivateKeyInfo pki -> {
                        return Optional.of(conv.getPrivateKey(pki));
                    }
                    case PEMKeyPair kp -> {
                        // SEC1 keys may omit the public key, so only the private part is converted
                        return Optional.of(conv.getPrivateKey(kp.getPrivateKeyInfo()));
                    }
                    case PKCS8EncryptedPrivateKeyInfo enc -> {
                        if (password == null) {
                            throw new IOException("encrypted key needs a password");
                        }
                        InputDecryptorProvider dec = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                                .setProvider(BC).build(password.toCharArray());
                        return Optional.of(conv.getPrivateKey(enc.decryptPrivateKeyInfo(dec)));
                    }
                    case PEMEncryptedKeyPair ekp -> {
                        if (password == null) {
                            throw new IOException("encrypted key needs a password");
                        }
                        return Optional.of(conv.getPrivateKey(ekp.decryptKeyPair(
                                new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password.toCharArray()))
                                .getPrivateKeyInfo()));
                    }
                    default -> {
                        // certificates or parameters before the key: keep reading
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the private key signs what the public key verifies. */
    static boolean matches(PrivateKey priv, PublicKey pub) throws GeneralSecurityException {
        String alg = switch (priv.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + priv.getAlgorithm());
        };
        if (!priv.getAlgorithm().startsWith(pub.getAlgorithm().substring(0, 2))) {
            return false;
        }
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature s = Signature.getInstance(alg);
        s.initSign(priv);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        v.update(probe);
        return v.verify(sig);
    }
}
