package io.vouch.media.srtp.internal;

/**
 * Per-SSRC state of one SRTP direction: the rollover counter and highest sequence number for index estimation
 * (RFC 3711 §3.3.1 and Appendix A), the SRTP and SRTCP replay lists and the next SRTCP index to send.
 */
public final class RtpStream {
    private static final int HALF = 1 << 15;
    private static final long MAX_ROC = 0xFFFF_FFFFL;

    final int ssrc;
    private boolean started;
    private long roc;
    private int highestSeq;
    final ReplayWindow rtpReplay = new ReplayWindow();
    final ReplayWindow rtcpReplay = new ReplayWindow();
    private int nextRtcpIndex;

    RtpStream(int ssrc, long initialRoc) {
        this.ssrc = ssrc;
        this.roc = initialRoc;
    }

    /**
     * The 48-bit packet index guessed for {@code seq} (RFC 3711 Appendix A), or -1 when the guess falls before
     * index 0 or beyond the largest rollover counter.
     */
    long estimateIndex(int seq) {
        if (!started) {
            return (roc << 16) | seq;
        }
        long v;
        if (highestSeq < HALF) {
            v = seq - highestSeq > HALF ? roc - 1 : roc;
        } else {
            v = highestSeq - HALF > seq ? roc + 1 : roc;
        }
        if (v < 0 || v > MAX_ROC) {
            return -1;
        }
        return (v << 16) | seq;
    }

    /** Records an authenticated (or sent) packet index. */
    void update(long index) {
        long current = (roc << 16) | highestSeq;
        if (!started || index > current) {
            roc = index >>> 16;
            highestSeq = (int) (index & 0xFFFF);
            started = true;
        }
    }

    long roc() {
        return roc;
    }

    /** The SRTCP index for the next packet sent (31 bits, RFC 3711 §3.4), then advances it. */
    int takeRtcpIndex() {
        int i = nextRtcpIndex;
        nextRtcpIndex = (nextRtcpIndex + 1) & 0x7FFF_FFFF;
        return i;
    }

    void nextRtcpIndex(int index) {
        nextRtcpIndex = index & 0x7FFF_FFFF;
    }
}
