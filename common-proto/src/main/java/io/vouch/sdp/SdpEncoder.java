package io.vouch.sdp;


/** Writes a session description as its lines with their own line ends (RFC 8866 §5); stateless. */
public final class SdpEncoder {

    public byte[] encode(SessionDescription sd) {
        return encodeToString(sd).getBytes(sd.charset());
    }

    /** The text of the description. */
    public String encodeToString(SessionDescription sd) {
        StringBuilder out = new StringBuilder(512);
        sd.sessionLines().forEach(l -> append(out, l));
        sd.media().forEach(m -> m.lines().forEach(l -> append(out, l)));
        return out.append(sd.trailer()).toString();
    }

    private static void append(StringBuilder out, SdpLine l) {
        out.append(l.type()).append('=').append(l.value()).append(l.eol());
    }

}
