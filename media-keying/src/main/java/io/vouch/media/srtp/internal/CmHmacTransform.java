package io.vouch.media.srtp.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES counter mode with HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1; RFC 6188 for 192/256-bit keys). SRTP layout:
 * header ‖ encrypted payload ‖ MKI ‖ tag, the tag over header ‖ payload ‖ ROC; SRTCP: header ‖ encrypted
 * payload ‖ E‖index ‖ MKI ‖ tag, the tag over everything before the MKI (RFC 3711 §3.1, §3.4).
 */
public final class CmHmacTransform implements PacketTransform {
    private final Direction rtp;
    private final Direction rtcp;
    private final byte[] mki;
    private final int rtpTag;
    private final int rtcpTag;
    private final byte[] scratch = new byte[20];
    private final byte[] rocBytes = new byte[4];

    public CmHmacTransform(SessionKeys rtpKeys, SessionKeys rtcpKeys, int rtpTagLength, int rtcpTagLength, byte[] mki) {
        this.rtp = new Direction(rtpKeys);
        this.rtcp = new Direction(rtcpKeys);
        this.mki = mki.clone();
        this.rtpTag = rtpTagLength;
        this.rtcpTag = rtcpTagLength;
    }

    @Override
    public int rtpOverhead() {
        return mki.length + rtpTag;
    }

    @Override
    public int rtcpOverhead() {
        return 4 + mki.length + rtcpTag;
    }

    @Override
    public int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtp.crypt(buf, off + headerLength, len - headerLength, ssrc, index);
        System.arraycopy(mki, 0, buf, off + len, mki.length);
        PacketTransform.writeInt(rocBytes, 0, (int) (index >>> 16));
        rtp.mac(buf, off, len, rocBytes, scratch);
        System.arraycopy(scratch, 0, buf, off + len + mki.length, rtpTag);
        return len + mki.length + rtpTag;
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        int authenticated = len - rtpTag - mki.length;
        PacketTransform.writeInt(rocBytes, 0, (int) (index >>> 16));
        rtp.mac(buf, off, authenticated, rocBytes, scratch);
        if (!tagMatches(buf, off + len - rtpTag, rtpTag) || !mkiMatches(buf, off + authenticated)) {
            return -1;
        }
        rtp.crypt(buf, off + headerLength, authenticated - headerLength, ssrc, index);
        return authenticated;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        rtcp.crypt(buf, off + 8, len - 8, ssrc, index);
        PacketTransform.writeInt(buf, off + len, 0x8000_0000 | index);
        System.arraycopy(mki, 0, buf, off + len + 4, mki.length);
        rtcp.mac(buf, off, len + 4, null, scratch);
        System.arraycopy(scratch, 0, buf, off + len + 4 + mki.length, rtcpTag);
        return len + rtcpOverhead();
    }

    @Override
    public int rtcpTrailerOffset(int len) {
        return len - rtcpTag - mki.length - 4;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eAndIndex) {
        int trailer = rtcpTrailerOffset(len);
        rtcp.mac(buf, off, trailer + 4, null, scratch);
        if (!tagMatches(buf, off + len - rtcpTag, rtcpTag) || !mkiMatches(buf, off + trailer + 4)) {
            return -1;
        }
        if (eAndIndex < 0) {
            rtcp.crypt(buf, off + 8, trailer - 8, ssrc, eAndIndex & 0x7FFF_FFFF);
        }
        return trailer;
    }

    private boolean tagMatches(byte[] buf, int at, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= scratch[i] ^ buf[at + i];
        }
        return diff == 0;
    }

    private boolean mkiMatches(byte[] buf, int at) {
        int diff = 0;
        for (int i = 0; i < mki.length; i++) {
            diff |= mki[i] ^ buf[at + i];
        }
        return diff == 0;
    }

    /** Cached cipher, MAC and salt of SRTP or SRTCP. */
    private static final class Direction {
        private final Cipher ctr;
        private final SecretKeySpec key;
        private final Mac mac;
        private final byte[] salt;
        private final byte[] iv = new byte[16];

        Direction(SessionKeys keys) {
            try {
                ctr = Cipher.getInstance("AES/CTR/NoPadding");
                key = new SecretKeySpec(keys.cipherKey(), "AES");
                mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR or HmacSHA1 unavailable", e);
            }
            salt = keys.salt();
        }

        /** IV = (k_s·2^16) XOR (SSRC·2^64) XOR (i·2^16) (RFC 3711 §4.1.1). */
        void crypt(byte[] buf, int at, int length, int ssrc, long index) {
            System.arraycopy(salt, 0, iv, 0, salt.length);
            iv[14] = 0;
            iv[15] = 0;
            iv[4] ^= (byte) (ssrc >>> 24);
            iv[5] ^= (byte) (ssrc >>> 16);
            iv[6] ^= (byte) (ssrc >>> 8);
            iv[7] ^= (byte) ssrc;
            for (int i = 0; i < 6; i++) {
                iv[13 - i] ^= (byte) (index >>> (8 * i));
            }
            try {
                ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
                ctr.doFinal(buf, at, length, buf, at);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR failed", e);
            }
        }

        void mac(byte[] buf, int off, int length, byte[] roc, byte[] out) {
            mac.update(buf, off, length);
            if (roc != null) {
                mac.update(roc);
            }
            try {
                mac.doFinal(out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA1 failed", e);
            }
        }
    }
}
