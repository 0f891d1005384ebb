package io.vouch.media.srtp;

import java.util.Arrays;
import java.util.Optional;

/**
 * SRTP crypto suites by their SDES name (RFC 4568 §6.2, RFC 6188 §3, RFC 7714 §12) with master key, master
 * salt and authentication tag lengths in octets. {@code rtcpTagLength} is the SRTCP tag, which stays 80 bits
 * for the {@code _32} suites (RFC 4568 §6.2.2). {@code protectable} is false for suites this library parses but
 * does not run (AES-f8).
 */
public enum SrtpSuite {
    AES_CM_128_HMAC_SHA1_80(16, 14, 10, 10, false, true),
    AES_CM_128_HMAC_SHA1_32(16, 14, 4, 10, false, true),
    AES_192_CM_HMAC_SHA1_80(24, 14, 10, 10, false, true),
    AES_192_CM_HMAC_SHA1_32(24, 14, 4, 10, false, true),
    AES_256_CM_HMAC_SHA1_80(32, 14, 10, 10, false, true),
    AES_256_CM_HMAC_SHA1_32(32, 14, 4, 10, false, true),
    F8_128_HMAC_SHA1_80(16, 14, 10, 10, false, false),
    AEAD_AES_128_GCM(16, 12, 16, 16, true, true),
    AEAD_AES_256_GCM(32, 12, 16, 16, true, true);

    /** HMAC-SHA1 session authentication key length (RFC 3711 §4.2.1, n_a = 160 bits). */
    public static final int AUTH_KEY_LENGTH = 20;

    private final int keyLength;
    private final int saltLength;
    private final int tagLength;
    private final int rtcpTagLength;
    private final boolean aead;
    private final boolean protectable;

    SrtpSuite(int keyLength, int saltLength, int tagLength, int rtcpTagLength, boolean aead, boolean protectable) {
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.aead = aead;
        this.protectable = protectable;
    }

    /** The suite whose SDES name is exactly {@code name} (suite names are case-sensitive, RFC 4568 §9.1). */
    public static Optional<SrtpSuite> bySdesName(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Octets of master key followed by master salt in an SDES {@code inline:} key. */
    public int keySaltLength() {
        return keyLength + saltLength;
    }

    public int tagLength() {
        return tagLength;
    }

    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    public boolean aead() {
        return aead;
    }

    public boolean protectable() {
        return protectable;
    }

    /** Largest master key lifetime in SRTP packets: 2^48 (RFC 3711 §9.2, RFC 7714 §14.1). */
    public long maxLifetime() {
        return 1L << 48;
    }
}
