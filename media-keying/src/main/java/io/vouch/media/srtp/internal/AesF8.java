package io.vouch.media.srtp.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in f8 mode (RFC 3711 §4.1.2), kept to check the RFC 3711 Appendix B.1 vector: the F8 suites are parsed
 * but refused by the default SDES policy and not offered for packet protection.
 */
public final class AesF8 {
    private AesF8() {
    }

    /** The key mask m = salt ‖ 0x55… to the key length (RFC 3711 §4.1.2.1). */
    public static byte[] keyMask(byte[] salt, int keyLength) {
        byte[] m = new byte[keyLength];
        java.util.Arrays.fill(m, (byte) 0x55);
        System.arraycopy(salt, 0, m, 0, salt.length);
        return m;
    }

    /** IV' = E(k_e XOR m, IV). */
    public static byte[] ivPrime(byte[] key, byte[] salt, byte[] iv) {
        byte[] m = keyMask(salt, key.length);
        byte[] masked = new byte[key.length];
        for (int i = 0; i < key.length; i++) {
            masked[i] = (byte) (key[i] ^ m[i]);
        }
        return ecb(masked, iv);
    }

    /** Encrypts (or decrypts) {@code data} with the f8 keystream S(j) = E(k_e, IV' XOR j XOR S(j-1)). */
    public static byte[] crypt(byte[] key, byte[] salt, byte[] iv, byte[] data) {
        byte[] ivPrime = ivPrime(key, salt, iv);
        byte[] s = new byte[16];
        byte[] out = data.clone();
        for (int j = 0, at = 0; at < data.length; j++, at += 16) {
            byte[] in = new byte[16];
            for (int i = 0; i < 16; i++) {
                in[i] = (byte) (ivPrime[i] ^ s[i]);
            }
            for (int i = 0; i < 4; i++) {
                in[15 - i] ^= (byte) (j >>> (8 * i));
            }
            s = ecb(key, in);
            for (int i = 0; i < 16 && at + i < data.length; i++) {
                out[at + i] ^= s[i];
            }
        }
        return out;
    }

    private static byte[] ecb(byte[] key, byte[] block) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }
}
