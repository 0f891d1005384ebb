package io.vouch.media.srtp.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-SSRC streams of one SRTP direction with a one-entry cache, since a session nearly always carries one
 * SSRC. Indices come back as a non-negative 48-bit value or one of the negative verdict codes.
 */
public final class StreamTable {
    /** The packet was already received. */
    public static final int REPLAYED = -2;
    /** The packet is behind the replay window, or before index 0. */
    public static final int TOO_OLD = -3;

    private final Map<Integer, RtpStream> streams = new HashMap<>();
    private RtpStream last;

    private RtpStream stream(int ssrc) {
        RtpStream s = last;
        if (s != null && s.ssrc == ssrc) {
            return s;
        }
        s = streams.computeIfAbsent(ssrc, k -> new RtpStream(k, 0));
        last = s;
        return s;
    }

    /** The stream of {@code ssrc} when one exists: unauthenticated packets never create state. */
    private RtpStream known(int ssrc) {
        RtpStream s = last;
        return s != null && s.ssrc == ssrc ? s : streams.get(ssrc);
    }

    public void initialRoc(int ssrc, long roc) {
        streams.put(ssrc, new RtpStream(ssrc, roc));
        last = null;
    }

    public void nextRtcpIndex(int ssrc, int index) {
        stream(ssrc).nextRtcpIndex(index);
    }

    /** The index of an outgoing packet; the sender's own ROC advances as its sequence numbers wrap. */
    public long sendIndex(int ssrc, int seq) {
        RtpStream s = stream(ssrc);
        long index = s.estimateIndex(seq);
        if (index < 0) {
            index = (s.roc() << 16) | seq;
        }
        s.update(index);
        return index;
    }

    /** The estimated index of a received packet, or {@link #REPLAYED} / {@link #TOO_OLD}. */
    public long checkRtp(int ssrc, int seq) {
        RtpStream s = known(ssrc);
        if (s == null) {
            return seq;
        }
        long index = s.estimateIndex(seq);
        if (index < 0) {
            return TOO_OLD;
        }
        return switch (s.rtpReplay.check(index)) {
            case FRESH -> index;
            case REPLAYED -> REPLAYED;
            case TOO_OLD -> TOO_OLD;
        };
    }

    /** Records an authenticated packet: replay list and ROC / highest sequence number (RFC 3711 §3.3.1). */
    public void acceptRtp(int ssrc, long index) {
        RtpStream s = stream(ssrc);
        s.rtpReplay.accept(index);
        s.update(index);
    }

    public int takeRtcpIndex(int ssrc) {
        return stream(ssrc).takeRtcpIndex();
    }

    /** 0 when the SRTCP index is fresh, else {@link #REPLAYED} or {@link #TOO_OLD}. */
    public int checkRtcp(int ssrc, int index) {
        RtpStream s = known(ssrc);
        if (s == null) {
            return 0;
        }
        return switch (s.rtcpReplay.check(index)) {
            case FRESH -> 0;
            case REPLAYED -> REPLAYED;
            case TOO_OLD -> TOO_OLD;
        };
    }

    public void acceptRtcp(int ssrc, int index) {
        stream(ssrc).rtcpReplay.accept(index);
    }

    /** Streams tracked; bounded by the caller, which owns the session lifetime. */
    public int size() {
        return streams.size();
    }
}
