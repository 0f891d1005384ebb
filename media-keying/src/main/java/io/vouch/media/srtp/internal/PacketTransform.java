package io.vouch.media.srtp.internal;

/**
 * The cryptographic transform of one SRTP context, in place on a packet buffer: encryption plus message
 * authentication (RFC 3711 §3.3, §3.4) or AEAD (RFC 7714 §7, §9). Index handling and replay checks are the
 * caller's; a transform instance caches its JCA objects and is not thread-safe.
 */
public interface PacketTransform {
    /** Octets an SRTP packet grows by. */
    int rtpOverhead();

    /** Octets an SRTCP packet grows by (trailer with E flag and index included). */
    int rtcpOverhead();

    /** Protects the RTP packet at {@code buf[off, off+len)} with header length {@code headerLength}; new length. */
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Authenticates and decrypts an SRTP packet; the RTP length, or -1 when authentication fails. */
    int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Protects the RTCP packet at {@code buf[off, off+len)} with SRTCP index {@code index} and E = 1. */
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index);

    /** Offset from {@code off} of the 32-bit E flag and SRTCP index in a protected packet of length {@code len}. */
    int rtcpTrailerOffset(int len);

    /** Authenticates and (when E = 1) decrypts an SRTCP packet; the RTCP length, or -1 when it fails. */
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eAndIndex);

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
