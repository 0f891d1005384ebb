package io.vouch.media.srtp;

import io.vouch.media.srtp.SrtpResult.Reason;
import io.vouch.media.srtp.internal.CmHmacTransform;
import io.vouch.media.srtp.internal.GcmTransform;
import io.vouch.media.srtp.internal.KeyDerivation;
import io.vouch.media.srtp.internal.PacketTransform;
import io.vouch.media.srtp.internal.RtpHeaders;
import io.vouch.media.srtp.internal.SessionKeys;
import io.vouch.media.srtp.internal.StreamTable;
import java.util.Objects;

/**
 * One direction of an SRTP session keyed by one master key (RFC 3711 §3.2): protects outgoing or unprotects
 * incoming RTP and RTCP in place, keeping per-SSRC rollover counters and 64-packet replay lists. Session keys are
 * derived once (key derivation rate 0, RFC 4568 §6.3.1 default). Not thread-safe: use one instance per direction
 * and thread. Protect methods need {@link #rtpOverhead()} / {@link #rtcpOverhead()} free octets after the packet.
 */
public final class SrtpSession {
    private final SrtpSuite suite;
    private final PacketTransform transform;
    private final StreamTable streams = new StreamTable();

    private SrtpSession(SrtpSuite suite, PacketTransform transform) {
        this.suite = suite;
        this.transform = transform;
    }

    /** A session for {@code suite} with the given master key and salt and no MKI. */
    public static SrtpSession create(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
        return create(suite, masterKey, masterSalt, new byte[0]);
    }

    /**
     * A session whose packets carry {@code mki} (RFC 3711 §3.1; AES-CM suites only) and whose received packets
     * must carry it.
     */
    public static SrtpSession create(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, byte[] mki) {
        if (!suite.protectable()) {
            throw new IllegalArgumentException(suite + " is not supported for packet protection");
        }
        if (suite.aead() && mki.length > 0) {
            throw new IllegalArgumentException("MKI is supported with the AES-CM suites only");
        }
        SessionKeys rtp = KeyDerivation.derive(suite, masterKey, masterSalt, false);
        SessionKeys rtcp = KeyDerivation.derive(suite, masterKey, masterSalt, true);
        return withSessionKeys(suite, rtp, rtcp, mki);
    }

    /** A session from already derived session keys (test vectors give those directly). */
    static SrtpSession withSessionKeys(SrtpSuite suite, SessionKeys rtp, SessionKeys rtcp, byte[] mki) {
        PacketTransform t = suite.aead() ? new GcmTransform(rtp, rtcp)
            : new CmHmacTransform(rtp, rtcp, suite.tagLength(), suite.rtcpTagLength(), mki);
        return new SrtpSession(suite, t);
    }

    public SrtpSuite suite() {
        return suite;
    }

    public int rtpOverhead() {
        return transform.rtpOverhead();
    }

    public int rtcpOverhead() {
        return transform.rtcpOverhead();
    }

    /** Sets the rollover counter of {@code ssrc} before its first packet, e.g. when joining a stream late. */
    public void initialRoc(int ssrc, long roc) {
        if (roc < 0 || roc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ROC is 32 bits: " + roc);
        }
        streams.initialRoc(ssrc, roc);
    }

    /** Sets the next SRTCP index sent for {@code ssrc} (31 bits). */
    public void nextRtcpIndex(int ssrc, int index) {
        streams.nextRtcpIndex(ssrc, index);
    }

    /**
     * Protects the RTP packet {@code buf[off, off+len)} in place; returns the SRTP length.
     *
     * @throws IllegalArgumentException when the packet is not RTP version 2 or the buffer has no room for the tag
     */
    public int protectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int header = RtpHeaders.rtpHeaderLength(buf, off, len);
        if (header < 0 || buf.length - off - len < rtpOverhead()) {
            throw new IllegalArgumentException("not an RTP packet or no room for the SRTP trailer");
        }
        int ssrc = PacketTransform.readInt(buf, off + 8);
        int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        long index = streams.sendIndex(ssrc, seq);
        return transform.protectRtp(buf, off, len, header, ssrc, index);
    }

    /**
     * Authenticates, replay-checks and decrypts the SRTP packet {@code buf[off, off+len)} in place.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code buf} (a caller error, not packet content)
     */
    public SrtpResult unprotectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int header = RtpHeaders.rtpHeaderLength(buf, off, len - rtpOverhead());
        if (header < 0) {
            return Reason.MALFORMED.asResult();
        }
        int ssrc = PacketTransform.readInt(buf, off + 8);
        int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        long index = streams.checkRtp(ssrc, seq);
        if (index == StreamTable.REPLAYED) {
            return Reason.REPLAYED.asResult();
        }
        if (index < 0) {
            return Reason.TOO_OLD.asResult();
        }
        int n = transform.unprotectRtp(buf, off, len, header, ssrc, index);
        if (n < 0) {
            return Reason.AUTHENTICATION_FAILED.asResult();
        }
        streams.acceptRtp(ssrc, index);
        return new SrtpResult.Unprotected(n);
    }

    /**
     * Protects the RTCP compound packet {@code buf[off, off+len)} in place (E = 1); returns the SRTCP length.
     *
     * @throws IllegalArgumentException when the packet is not RTCP version 2 or there is no room for the trailer
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!RtpHeaders.isRtcp(buf, off, len) || buf.length - off - len < rtcpOverhead()) {
            throw new IllegalArgumentException("not an RTCP packet or no room for the SRTCP trailer");
        }
        int ssrc = PacketTransform.readInt(buf, off + 4);
        return transform.protectRtcp(buf, off, len, ssrc, streams.takeRtcpIndex(ssrc));
    }

    /** Authenticates, replay-checks and decrypts the SRTCP packet {@code buf[off, off+len)} in place. */
    public SrtpResult unprotectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len - rtcpOverhead() < 8 || !RtpHeaders.isRtcp(buf, off, len - rtcpOverhead())) {
            return Reason.MALFORMED.asResult();
        }
        int ssrc = PacketTransform.readInt(buf, off + 4);
        int eAndIndex = PacketTransform.readInt(buf, off + transform.rtcpTrailerOffset(len));
        int index = eAndIndex & 0x7FFF_FFFF;
        int verdict = streams.checkRtcp(ssrc, index);
        if (verdict != 0) {
            return (verdict == StreamTable.REPLAYED ? Reason.REPLAYED : Reason.TOO_OLD).asResult();
        }
        int n = transform.unprotectRtcp(buf, off, len, ssrc, eAndIndex);
        if (n < 0) {
            return Reason.AUTHENTICATION_FAILED.asResult();
        }
        streams.acceptRtcp(ssrc, index);
        return new SrtpResult.Unprotected(n);
    }
}
