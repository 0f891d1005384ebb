package io.vouch.sip;

import io.vouch.sip.DecodeResult.Malformed;
import io.vouch.sip.internal.HeadParser;
import io.vouch.sip.internal.HeadParser.Head;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes one SIP message per datagram (RFC 3261 §7, §18.3): a missing Content-Length means the body
 * runs to the end of the datagram, a larger one is malformed, extra bytes after the body are ignored.
 * Stateless and thread-safe; never throws on any input.
 */
public final class SipMessageDecoder {
    private final SipCodecLimits limits;

    public SipMessageDecoder() {
        this(SipCodecLimits.defaults());
    }

    public SipMessageDecoder(SipCodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public SipCodecLimits limits() {
        return limits;
    }

    public DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /** Decodes {@code buf[off, off+len)}; throws only for bounds that do not fit {@code buf} (a caller bug). */
    public DecodeResult decode(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        try {
            return decodeChecked(buf, off, len);
        } catch (RuntimeException e) {
            // Safety net only: the parser checks every bound; tests count any "internal" result as a failure.
            return new Malformed("internal", false, Optional.empty(), Optional.empty(), 400);
        }
    }

    private DecodeResult decodeChecked(byte[] buf, int off, int len) {
        if (len > limits.maxDatagramBytes()) {
            return new Malformed("message too large", false, Optional.empty(), Optional.empty(), 513);
        }
        int end = off + len;
        int p = off;
        int lfs = 0;
        while (p < end && (buf[p] == '\r' || buf[p] == '\n')) {
            if (buf[p] == '\n') {
                lfs++;
            }
            p++;
        }
        if (p == end) {
            if (lfs == 0) {
                return new Malformed("empty datagram", false, Optional.empty(), Optional.empty(), 400);
            }
            return lfs >= 2 ? DecodeResult.KeepAlive.PING : DecodeResult.KeepAlive.PONG;
        }
        Head h = HeadParser.parse(buf, p, end, limits.maxStartLineBytes(), limits.maxHeaderLineBytes(),
            limits.maxHeaders());
        if (h.error != null) {
            return MessageAssembler.malformed(h, h.error, h.errorStatus);
        }
        SipHeaders headers = MessageAssembler.headersOf(h);
        TypedHeaders t = TypedHeaders.parse(headers);
        return MessageAssembler.assemble(h, headers, t, buf, h.bodyStart, end - h.bodyStart, false, limits);
    }
}
