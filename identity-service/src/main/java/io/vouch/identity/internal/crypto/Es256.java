package io.vouch.identity.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.util.Optional;

/**
 * ES256 (ECDSA P-256 with SHA-256, RFC 7518 §3.4) over one JCA provider, with {@code R || S} signatures; keeps
 * one {@link Signature} per thread because instances are not thread-safe and lookup is not free.
 */
public final class Es256 {
    private final Provider provider;
    private final ThreadLocal<Signature> signatures;

    public Es256(Provider provider) {
        this.provider = provider;
        this.signatures = ThreadLocal.withInitial(() -> {
            try {
                return Signature.getInstance("SHA256withECDSA", provider);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("provider " + provider.getName() + " lacks SHA256withECDSA", e);
            }
        });
    }

    public Provider provider() {
        return provider;
    }

    /** Whether a key is on P-256 (the only curve ES256 allows). */
    public static boolean isP256(java.security.Key key) {
        return key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                && ec.getParams().getOrder().bitLength() == 256;
    }

    /** Signs and returns the 64-byte {@code R || S}; throws only for programmer errors (wrong key type). */
    public byte[] sign(PrivateKey key, byte[] input) {
        try {
            Signature s = signatures.get();
            s.initSign(key);
            s.update(input);
            return EcdsaSignatures.derToJose(s.sign(), 32)
                    .orElseThrow(() -> new IllegalStateException("provider produced a malformed signature"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with " + key.getAlgorithm() + " key", e);
        }
    }

    /** Verifies a {@code R || S} signature; false for any malformed signature or key mismatch. */
    public boolean verify(PublicKey key, byte[] input, byte[] joseSignature) {
        if (joseSignature.length != 64) {
            return false;
        }
        Optional<byte[]> der = EcdsaSignatures.joseToDer(joseSignature);
        if (der.isEmpty()) {
            return false;
        }
        try {
            Signature s = signatures.get();
            s.initVerify(key);
            s.update(input);
            return s.verify(der.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a hostile signature must never escape as an exception
        }
    }
}
