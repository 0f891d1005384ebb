package io.vouch.media.srtp.internal;

/** Bounds checks on untrusted RTP (RFC 3550 §5.1, §5.3.1) and RTCP (RFC 3550 §6.4) headers. */
public final class RtpHeaders {
    private RtpHeaders() {
    }

    /**
     * The RTP header length (fixed header, CSRC list and header extension) of the packet at
     * {@code buf[off, off+len)}, or -1 when it is not version 2 or the header does not fit in {@code len}.
     */
    public static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < 12 || off < 0 || off + len > buf.length || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int header = 12 + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) {
                return -1;
            }
            int words = ((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF);
            header += 4 + 4 * words;
        }
        return header <= len ? header : -1;
    }

    /** True when {@code buf[off, off+len)} starts with an RTCP version 2 header (packet type 192–223). */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 8 || off < 0 || off + len > buf.length || (buf[off] & 0xC0) != 0x80) {
            return false;
        }
        int type = buf[off + 1] & 0xFF;
        return type >= 192 && type <= 223;
    }
}
