package io.vouch.media.srtp.internal;

/**
 * Session keys of one direction for SRTP or SRTCP (RFC 3711 §4.3): cipher key, cipher salt and, for the
 * HMAC-SHA1 suites, the authentication key (empty for AEAD suites). Arrays are owned by this value.
 */
public record SessionKeys(byte[] cipherKey, byte[] salt, byte[] authKey) {
    public SessionKeys {
        cipherKey = cipherKey.clone();
        salt = salt.clone();
        authKey = authKey.clone();
    }

    @Override
    public byte[] cipherKey() {
        return cipherKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] authKey() {
        return authKey.clone();
    }
}
