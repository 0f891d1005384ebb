package io.vouch.cert.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Structural check of a published private key (RFC 6072 §7, RFC 5958 §3 / RFC 5208 EncryptedPrivateKeyInfo): it must
 * be a password-encrypted PKCS#8 structure using PBES2 (RFC 8018 §6.2) with PBKDF2 of at least the configured
 * iteration count and an AES or 3DES cipher. A plaintext PKCS#8 PrivateKeyInfo is refused. The key is never decrypted:
 * the service holds no password and stores and serves the structure as opaque bytes.
 */
public final class EncryptedKeyValidator {
    private static final ASN1ObjectIdentifier AES = NISTObjectIdentifiers.aes;
    private static final ASN1ObjectIdentifier DES_EDE3_CBC = PKCSObjectIdentifiers.des_EDE3_CBC;

    private final int minIterations;
    private final int maxBytes;

    public EncryptedKeyValidator(int minIterations, int maxBytes) {
        this.minIterations = minIterations;
        this.maxBytes = maxBytes;
    }

    /** Checks {@code body} (DER, or PEM {@code ENCRYPTED PRIVATE KEY}); the accepted value is the DER. */
    public Check<byte[]> validate(byte[] body) {
        if (body.length > maxBytes) {
            return Check.refused(413, "Private Key Too Large", "key_too_large");
        }
        Optional<PemObject> pem = pem(body);
        byte[] der = body;
        if (pem.isPresent()) {
            String type = pem.get().getType();
            if (!type.equals("ENCRYPTED PRIVATE KEY")) {
                return Check.refused(415, "Plaintext Private Key Refused", "key_plaintext");
            }
            der = pem.get().getContent();
        } else if (looksLikePem(body)) {
            return Check.refused(400, "Private Key PEM Unreadable", "key_unparsable");
        }
        ASN1Primitive prim;
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            prim = in.readObject();
            if (prim == null || in.readObject() != null) {
                return Check.refused(400, "Private Key Does Not Parse", "key_unparsable");
            }
        } catch (IOException | RuntimeException e) {
            return Check.refused(400, "Private Key Does Not Parse", "key_unparsable");
        }
        if (prim instanceof ASN1Sequence seq && seq.size() >= 3 && seq.getObjectAt(0) instanceof ASN1Integer) {
            // RFC 5208 §5 PrivateKeyInfo / RFC 5958 OneAsymmetricKey: version first; key material in the clear
            return Check.refused(415, "Plaintext Private Key Refused", "key_plaintext");
        }
        PKCS8EncryptedPrivateKeyInfo info;
        try {
            info = new PKCS8EncryptedPrivateKeyInfo(der);
        } catch (IOException | RuntimeException e) {
            return Check.refused(400, "Private Key Is Not EncryptedPrivateKeyInfo", "key_unparsable");
        }
        return scheme(info);
    }

    private Check<byte[]> scheme(PKCS8EncryptedPrivateKeyInfo info) {
        try {
            var alg = info.getEncryptionAlgorithm();
            if (!PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
                return Check.refused(415, "Private Key Encryption Not PBES2", "key_weak_encryption");
            }
            PBES2Parameters p = PBES2Parameters.getInstance(alg.getParameters());
            if (!PKCSObjectIdentifiers.id_PBKDF2.equals(p.getKeyDerivationFunc().getAlgorithm())) {
                return Check.refused(415, "Private Key KDF Not PBKDF2", "key_weak_encryption");
            }
            ASN1Encodable kdfParams = p.getKeyDerivationFunc().getParameters();
            BigInteger iterations = PBKDF2Params.getInstance(kdfParams).getIterationCount();
            if (iterations.compareTo(BigInteger.valueOf(minIterations)) < 0) {
                return Check.refused(415, "Private Key PBKDF2 Iterations Below " + minIterations,
                        "key_weak_encryption");
            }
            ASN1ObjectIdentifier cipher = p.getEncryptionScheme().getAlgorithm();
            if (!cipher.on(AES) && !cipher.equals(DES_EDE3_CBC)) {
                return Check.refused(415, "Private Key Cipher Not AES", "key_weak_encryption");
            }
            if (info.getEncryptedData().length == 0) {
                return Check.refused(400, "Private Key Is Empty", "key_unparsable");
            }
            return Check.ok(info.getEncoded());
        } catch (IOException | RuntimeException e) {
            return Check.refused(400, "Private Key Encryption Parameters Do Not Parse", "key_unparsable");
        }
    }

    private static boolean looksLikePem(byte[] body) {
        return body.length > 10 && new String(body, 0, 10, StandardCharsets.US_ASCII).equals("-----BEGIN");
    }

    private static Optional<PemObject> pem(byte[] body) {
        if (!looksLikePem(body)) {
            return Optional.empty();
        }
        try (PemReader r = new PemReader(new InputStreamReader(new ByteArrayInputStream(body),
                StandardCharsets.US_ASCII))) {
            return Optional.ofNullable(r.readPemObject());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
