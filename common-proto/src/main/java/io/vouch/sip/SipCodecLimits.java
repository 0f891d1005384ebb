package io.vouch.sip;

/**
 * Size limits applied while decoding untrusted bytes. The datagram limit is the largest UDP payload
 * (RFC 3261 §18.1.1 leaves the size to the path; 65535 bounds any datagram); streams carry a larger,
 * configurable bound because TCP/TLS/WS may carry big bodies. Exceeding a limit gives a
 * {@link DecodeResult.Malformed} with status 513 (RFC 3261 §21.5.11). Each limit binds the message both as received
 * and as {@link SipMessageEncoder} writes it back (full header names, UTF-8 text, a Content-Length line), so that a
 * message accepted once is accepted again after encoding.
 *
 * @param maxDatagramBytes largest datagram decoded at all
 * @param maxStreamMessageBytes largest message (head and body) buffered by a stream decoder
 * @param maxStartLineBytes longest start line
 * @param maxHeaderLineBytes longest header field, folded continuation lines included
 * @param maxHeaders most header lines in one message, counting the Content-Length line the encoder always writes
 * @param maxBodyBytes largest body
 */
public record SipCodecLimits(int maxDatagramBytes, int maxStreamMessageBytes, int maxStartLineBytes,
                             int maxHeaderLineBytes, int maxHeaders, int maxBodyBytes) {
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 65_535;
    public static final int DEFAULT_MAX_STREAM_MESSAGE_BYTES = 1_114_112;
    public static final int DEFAULT_MAX_START_LINE_BYTES = 8_192;
    public static final int DEFAULT_MAX_HEADER_LINE_BYTES = 8_192;
    public static final int DEFAULT_MAX_HEADERS = 128;
    public static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;

    private static final SipCodecLimits DEFAULTS = new SipCodecLimits(DEFAULT_MAX_DATAGRAM_BYTES,
        DEFAULT_MAX_STREAM_MESSAGE_BYTES, DEFAULT_MAX_START_LINE_BYTES, DEFAULT_MAX_HEADER_LINE_BYTES,
        DEFAULT_MAX_HEADERS, DEFAULT_MAX_BODY_BYTES);

    public SipCodecLimits {
        positive(maxDatagramBytes, "maxDatagramBytes");
        positive(maxStreamMessageBytes, "maxStreamMessageBytes");
        positive(maxStartLineBytes, "maxStartLineBytes");
        positive(maxHeaderLineBytes, "maxHeaderLineBytes");
        positive(maxHeaders, "maxHeaders");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0: " + maxBodyBytes);
        }
    }

    private static void positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + v);
        }
    }

    /** 64 KiB datagrams, 1 MiB + 64 KiB stream messages, 8 KiB lines, 128 headers, 1 MiB bodies. */
    public static SipCodecLimits defaults() {
        return DEFAULTS;
    }

    public SipCodecLimits withMaxStreamMessageBytes(int v) {
        return new SipCodecLimits(maxDatagramBytes, v, maxStartLineBytes, maxHeaderLineBytes, maxHeaders, maxBodyBytes);
    }

    public SipCodecLimits withMaxBodyBytes(int v) {
        return new SipCodecLimits(maxDatagramBytes, maxStreamMessageBytes, maxStartLineBytes, maxHeaderLineBytes,
            maxHeaders, v);
    }

    public SipCodecLimits withMaxHeaders(int v) {
        return new SipCodecLimits(maxDatagramBytes, maxStreamMessageBytes, maxStartLineBytes, maxHeaderLineBytes, v,
            maxBodyBytes);
    }

    public SipCodecLimits withMaxHeaderLineBytes(int v) {
        return new SipCodecLimits(maxDatagramBytes, maxStreamMessageBytes, maxStartLineBytes, v, maxHeaders,
            maxBodyBytes);
    }
}
