package io.vouch.seal;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One deployment key for sealing key material on the bus: a positive id carried with every sealed blob and 32
 * secret octets used as an AES-256-GCM key (RFC 5116 {@code AEAD_AES_256_GCM}). {@link #toString()} hides the secret.
 */
public record SealKey(int id, byte[] secret) {
    /** Octets of a key. */
    public static final int LENGTH = 32;

    public SealKey {
        if (id <= 0) {
            throw new IllegalArgumentException("seal key id must be positive: " + id);
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length != LENGTH) {
            throw new IllegalArgumentException("seal key must be " + LENGTH + " octets, not " + secret.length);
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Parses {@code id:base64} (the configuration form); a bad spec throws naming the problem, never the secret. */
    public static SealKey parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("seal key must be id:base64");
        }
        int id;
        byte[] secret;
        try {
            id = Integer.parseInt(spec.substring(0, colon).trim());
            secret = Base64.getDecoder().decode(spec.substring(colon + 1).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seal key must be id:base64 with a numeric id");
        }
        return new SealKey(id, secret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealKey k && k.id == id && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return "SealKey[id=" + id + "]";
    }
}
