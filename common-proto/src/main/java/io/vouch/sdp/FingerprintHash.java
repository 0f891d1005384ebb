package io.vouch.sdp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Hash functions of {@code a=fingerprint} (RFC 8122 §5, names from the IANA "Hash Function Textual Names"
 * registry) with digest length in octets, ordered from weakest to strongest.
 */
public enum FingerprintHash {
    MD2("md2", 16),
    MD5("md5", 16),
    SHA_1("sha-1", 20),
    SHA_224("sha-224", 28),
    SHA_256("sha-256", 32),
    SHA_384("sha-384", 48),
    SHA_512("sha-512", 64);

    private final String token;
    private final int length;

    FingerprintHash(String token, int length) {
        this.token = token;
        this.length = length;
    }

    /** The hash named {@code token}, case-insensitively (RFC 8122 §5 hash-func is a token). */
    public static Optional<FingerprintHash> byToken(String token) {
        return Arrays.stream(values()).filter(h -> h.token.equals(token.toLowerCase(Locale.ROOT))).findFirst();
    }

    public String token() {
        return token;
    }

    public int length() {
        return length;
    }

    public boolean atLeast(FingerprintHash min) {
        return compareTo(min) >= 0;
    }
}
