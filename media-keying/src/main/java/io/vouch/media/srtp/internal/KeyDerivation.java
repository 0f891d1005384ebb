package io.vouch.media.srtp.internal;

import io.vouch.media.srtp.SrtpSuite;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 §4.3.1 with the AES-CM PRF of §4.3.3; RFC 6188 §3 for AES-192
 * and AES-256 master keys; RFC 7714 §11 for the 96-bit GCM salt, used as the high bits of a 112-bit salt).
 * Only a key derivation rate of 0 is supported: session keys are derived once at index 0.
 */
public final class KeyDerivation {
    /** Labels of RFC 3711 §4.3.1 / §4.3.2. */
    public static final int RTP_ENCRYPTION = 0;
    public static final int RTP_AUTH = 1;
    public static final int RTP_SALT = 2;
    public static final int RTCP_ENCRYPTION = 3;
    public static final int RTCP_AUTH = 4;
    public static final int RTCP_SALT = 5;

    private static final int PRF_SALT_LENGTH = 14;

    private KeyDerivation() {
    }

    /** Derives the SRTP ({@code rtcp == false}) or SRTCP session keys of {@code suite}. */
    public static SessionKeys derive(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, boolean rtcp) {
        checkLengths(suite, masterKey, masterSalt);
        int base = rtcp ? RTCP_ENCRYPTION : RTP_ENCRYPTION;
        byte[] cipherKey = prf(masterKey, masterSalt, base, suite.keyLength());
        byte[] salt = prf(masterKey, masterSalt, base + 2, suite.saltLength());
        byte[] authKey = suite.aead() ? new byte[0] : prf(masterKey, masterSalt, base + 1, SrtpSuite.AUTH_KEY_LENGTH);
        return new SessionKeys(cipherKey, salt, authKey);
    }

    /**
     * The first {@code length} octets of AES-CM keyed with {@code masterKey} from the counter block
     * {@code (masterSalt XOR label·2^48) · 2^16} (RFC 3711 §4.3.1, r = 0).
     */
    public static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length > PRF_SALT_LENGTH) {
            throw new IllegalArgumentException("master salt longer than 112 bits");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        return aesCmKeystream(masterKey, iv, length);
    }

    private static void checkLengths(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != suite.keyLength() || masterSalt.length != suite.saltLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.keyLength() + "-octet key and a "
                + suite.saltLength() + "-octet salt");
        }
    }

    /** {@code length} octets of AES counter-mode keystream from {@code counterBlock} (RFC 3711 §4.1.1). */
    public static byte[] aesCmKeystream(byte[] key, byte[] counterBlock, int length) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counterBlock));
            return c.doFinal(new byte[length]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR unavailable", e);
        }
    }
}
