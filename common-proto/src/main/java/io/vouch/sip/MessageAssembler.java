package io.vouch.sip;

import io.vouch.sip.DecodeResult.Malformed;
import io.vouch.sip.DecodeResult.Parsed;
import io.vouch.sip.internal.HeadParser.Head;
import io.vouch.sip.internal.HeaderNames;
import io.vouch.sip.internal.HeaderParsers;
import io.vouch.sip.internal.UriParser;
import java.util.Arrays;
import java.util.Optional;

/**
 * Turns a parsed head and its body into a message, applying the message-level checks of RFC 3261
 * §8.1.1 (mandatory headers), §8.2.2.x and §18.3 (Content-Length), shared by both decoders.
 */
final class MessageAssembler {
    private MessageAssembler() {
    }

    static SipHeaders headersOf(Head h) {
        return new SipHeaders(h.names, h.values, h.count);
    }

    /** A Malformed for {@code h}, judging respondability from the recovered headers. */
    static Malformed malformed(Head h, String reason, int status) {
        SipHeaders rec = h == null || h.count == 0 ? null : headersOf(h);
        boolean respondable = h != null && h.request && h.method != null && rec != null && respondable(rec);
        return new Malformed(reason, respondable, Optional.ofNullable(rec), methodOf(h), status);
    }

    private static Optional<String> methodOf(Head h) {
        return h != null && h.request ? Optional.ofNullable(h.method) : Optional.empty();
    }

    /**
     * Whether a response can be addressed (RFC 3261 §8.2.6, §17.1.3): the top Via parses, Call-ID is present
     * and CSeq has the shape {@code digits method} (an overlarge number is still copied verbatim, RFC 4475
     * §3.1.2.4). From and To need only be present: the client matches the response by Via branch and CSeq
     * method, so a From or To that does not parse (RFC 4475 §3.1.2.6) is copied verbatim into the 400.
     */
    static boolean respondable(SipHeaders h) {
        Optional<String> via = h.first(HeaderNames.VIA);
        Optional<String> from = h.first(HeaderNames.FROM);
        Optional<String> to = h.first(HeaderNames.TO);
        Optional<String> callId = h.first(HeaderNames.CALL_ID);
        Optional<String> cseq = h.first(HeaderNames.CSEQ);
        return via.isPresent() && HeaderParsers.via(via.get()) != null
            && from.isPresent() && !from.get().isBlank()
            && to.isPresent() && !to.get().isBlank()
            && callId.isPresent() && !callId.get().isEmpty()
            && cseq.isPresent() && cseqShape(cseq.get());
    }

    private static boolean cseqShape(String v) {
        int i = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i == v.length() || !io.vouch.sip.internal.Chars.isWs(v.charAt(i))) {
            return false;
        }
        return io.vouch.sip.internal.Chars.isToken(v.substring(i).strip());
    }

    /**
     * The Content-Length of {@code h} for stream framing, independent of errors in other headers: -1 when
     * absent, -2 when malformed or repeated.
     */
    static long contentLength(Head h) {
        long found = -1;
        for (int i = 0; i < h.count; i++) {
            if (h.names[i].equals(HeaderNames.CONTENT_LENGTH)) {
                if (found != -1) {
                    return -2;
                }
                found = HeaderParsers.number(h.values[i]);
                if (found < 0) {
                    return -2;
                }
            }
        }
        return found;
    }

    /**
     * Checks the head and builds the message with body {@code b[bodyStart, bodyStart + bodyLen)}.
     * {@code available} is how many bytes follow the head (datagram remainder) and is used to check
     * Content-Length; streams pass exactly the framed length.
     */
    static DecodeResult assemble(Head h, SipHeaders headers, TypedHeaders t, byte[] b, int bodyStart, int available,
                                 boolean stream, SipCodecLimits limits) {
        if (h.error != null) {
            return malformed(h, h.error, h.errorStatus);
        }
        if (t.error != null) {
            return malformed(h, t.error, 400);
        }
        String missing = missingMandatory(t);
        if (missing != null) {
            return malformed(h, "missing " + missing, 400);
        }
        int bodyLen;
        if (t.contentLength >= 0) {
            if (t.contentLength > available) {
                return malformed(h, stream ? "truncated body" : "Content-Length exceeds datagram", 400);
            }
            bodyLen = (int) t.contentLength;
        } else if (stream) {
            return malformed(h, "missing Content-Length", 400);
        } else {
            bodyLen = available;
        }
        if (bodyLen > limits.maxBodyBytes()) {
            return malformed(h, "body too large", 513);
        }
        byte[] body = bodyLen == 0 ? null : Arrays.copyOfRange(b, bodyStart, bodyStart + bodyLen);
        MessageParts parts = new MessageParts(headers, body, t.freeze());
        SipMessage message;
        if (h.request) {
            if (!t.cseq.method().equals(h.method)) {
                return malformed(h, "CSeq method does not match request method", 400);
            }
            Uri uri = UriParser.parse(h.uriText);
            if (uri == null || (uri instanceof SipUri s && !s.headers().isEmpty())) {
                // RFC 3261 §19.1.1 Table 1: headers are not allowed in a Request-URI
                return malformed(h, "bad Request-URI", 400);
            }
            message = new SipRequest(h.method, uri, h.uriText, parts);
        } else {
            message = new SipResponse(h.status, h.reason, parts);
        }
        // full header names, UTF-8 text and the derived Content-Length may make the encoding longer than the
        // input: it must still fit the limit this message was accepted under
        int maxBytes = stream ? limits.maxStreamMessageBytes() : limits.maxDatagramBytes();
        if (SipMessageEncoder.encodedLength(message) > maxBytes) {
            return malformed(h, "message too large", 513);
        }
        return new Parsed(message);
    }

    private static String missingMandatory(TypedHeaders t) {
        if (t.vias.isEmpty()) {
            return HeaderNames.VIA;
        }
        if (t.from == null) {
            return HeaderNames.FROM;
        }
        if (t.to == null) {
            return HeaderNames.TO;
        }
        if (t.callId == null) {
            return HeaderNames.CALL_ID;
        }
        if (t.cseq == null) {
            return HeaderNames.CSEQ;
        }
        return null;
    }
}
