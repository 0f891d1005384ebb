package io.vouch.media.srtp.internal;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM / AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714 §8–§9): 96-bit IV from SSRC, ROC and SEQ
 * (or SRTCP index) XOR the session salt, the header (plus E‖index for SRTCP) as associated data, a 16-octet
 * tag after the ciphertext and, for SRTCP, E‖index at the end.
 */
public final class GcmTransform implements PacketTransform {
    private static final int TAG = 16;

    private final Cipher cipher;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[12];
    private final byte[] aadTrailer = new byte[4];

    public GcmTransform(SessionKeys rtpKeys, SessionKeys rtcpKeys) {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
        rtpKey = new SecretKeySpec(rtpKeys.cipherKey(), "AES");
        rtcpKey = new SecretKeySpec(rtcpKeys.cipherKey(), "AES");
        rtpSalt = rtpKeys.salt();
        rtcpSalt = rtcpKeys.salt();
    }

    @Override
    public int rtpOverhead() {
        return TAG;
    }

    @Override
    public int rtcpOverhead() {
        return TAG + 4;
    }

    @Override
    public int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        return rtp(Cipher.ENCRYPT_MODE, buf, off, len, headerLength, ssrc, index);
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        return rtp(Cipher.DECRYPT_MODE, buf, off, len, headerLength, ssrc, index);
    }

    /** Seals or opens the payload with the header as associated data; -1 when the tag does not verify. */
    private int rtp(int mode, byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            cipher.init(mode, rtpKey, new GCMParameterSpec(TAG * 8, iv));
            cipher.updateAAD(buf, off, headerLength);
            return headerLength + cipher.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM failed (IV reuse on encryption?)", e);
        }
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        int eAndIndex = 0x8000_0000 | index;
        rtcpIv(ssrc, index);
        PacketTransform.writeInt(aadTrailer, 0, eAndIndex);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
            cipher.updateAAD(buf, off, 8);
            cipher.updateAAD(aadTrailer);
            int n = 8 + cipher.doFinal(buf, off + 8, len - 8, buf, off + 8);
            PacketTransform.writeInt(buf, off + n, eAndIndex);
            return n + 4;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM encryption failed (IV reuse?)", e);
        }
    }

    @Override
    public int rtcpTrailerOffset(int len) {
        return len - 4;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eAndIndex) {
        int trailer = len - 4;
        rtcpIv(ssrc, eAndIndex & 0x7FFF_FFFF);
        PacketTransform.writeInt(aadTrailer, 0, eAndIndex);
        try {
            cipher.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
            cipher.updateAAD(buf, off, 8);
            if (eAndIndex < 0) {
                cipher.updateAAD(aadTrailer);
                return 8 + cipher.doFinal(buf, off + 8, trailer - 8, buf, off + 8);
            }
            // E = 0: the whole RTCP packet and trailer are associated data, only the tag follows (RFC 7714 §9.3)
            cipher.updateAAD(buf, off + 8, trailer - 8 - TAG);
            cipher.updateAAD(aadTrailer);
            cipher.doFinal(buf, off + trailer - TAG, TAG, buf, off + trailer - TAG);
            return trailer - TAG;
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM decryption failed", e);
        }
    }

    /** IV = (00 00 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt (RFC 7714 §8.1). */
    private void rtpIv(int ssrc, long index) {
        fill(rtpSalt, ssrc, (int) (index >>> 16), (int) (index & 0xFFFF));
    }

    /** IV = (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ SRTCP index) XOR salt (RFC 7714 §9.1). */
    private void rtcpIv(int ssrc, int index) {
        fill(rtcpSalt, ssrc, index >>> 16, index & 0xFFFF);
    }

    private void fill(byte[] salt, int ssrc, int high, int low) {
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (salt[5] ^ ssrc);
        iv[6] = (byte) (salt[6] ^ (high >>> 24));
        iv[7] = (byte) (salt[7] ^ (high >>> 16));
        iv[8] = (byte) (salt[8] ^ (high >>> 8));
        iv[9] = (byte) (salt[9] ^ high);
        iv[10] = (byte) (salt[10] ^ (low >>> 8));
        iv[11] = (byte) (salt[11] ^ low);
    }
}
