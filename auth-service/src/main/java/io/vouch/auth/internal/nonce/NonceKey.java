package io.vouch.auth.internal.nonce;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One shared secret for stateless nonces (RFC 7616 §3.3 leaves the nonce format to the server): every replica
 * holds the same keys, so any of them can verify a nonce another issued; {@code id} travels in the nonce.
 */
public record NonceKey(int id, byte[] secret) {
    /** Shortest accepted secret: 32 bytes, the HMAC-SHA256 block-size guidance of RFC 2104 §3. */
    public static final int MIN_SECRET_BYTES = 32;

    public NonceKey {
        Objects.requireNonNull(secret, "secret");
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("nonce key id must be 0..255: " + id);
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("nonce key secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        secret = secret.clone();
    }

    /** Parses {@code id:base64secret} (standard or URL-safe base64). */
    public static NonceKey parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("nonce key must be id:base64secret");
        }
        int id;
        try {
            id = Integer.parseInt(spec.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nonce key id is not a number");
        }
        String b64 = spec.substring(colon + 1).replace('-', '+').replace('_', '/');
        try {
            return new NonceKey(id, Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nonce key secret is not base64: " + e.getMessage());
        }
    }

    /** The secret as an HMAC-SHA256 key. */
    public javax.crypto.spec.SecretKeySpec keySpec() {
        return new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NonceKey k && k.id == id && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "NonceKey[id=" + id + ", secret=<redacted>]";
    }
}
