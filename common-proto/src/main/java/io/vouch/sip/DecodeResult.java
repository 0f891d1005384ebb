package io.vouch.sip;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding untrusted bytes (RFC 3261 §7, §18.3 framing): a message, a malformed input
 * described well enough to answer or count it, an incomplete stream message, or a CRLF keep-alive
 * (RFC 5626 §4.4.1).
 */
public sealed interface DecodeResult {

    /** A well-formed message whose mandatory headers are present and parseable. */
    record Parsed(SipMessage message) implements DecodeResult {
        public Parsed {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Input that is not a valid message. {@code respondable} is true when it is a request whose Via, From,
     * To, Call-ID and CSeq parse, so a response with {@code status} (400, 505 for an unsupported version,
     * 513 when too large) can be addressed using {@link SipResponse#forMalformed}. {@code reason} is short,
     * fixed text suitable as a reason phrase and as a low-cardinality metric tag.
     */
    record Malformed(String reason, boolean respondable, Optional<SipHeaders> recovered, Optional<String> method,
                     int status) implements DecodeResult {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(recovered, "recovered");
            Objects.requireNonNull(method, "method");
        }
    }

    /** A stream holds a partial message; more bytes are needed. */
    record Incomplete() implements DecodeResult {
        public static final Incomplete INSTANCE = new Incomplete();
    }

    /**
     * A CRLF keep-alive (RFC 5626 §4.4.1): {@code ping} for a double CRLF, which a stream transport answers
     * with a single CRLF pong; {@code ping == false} for a single CRLF (a pong).
     */
    record KeepAlive(boolean ping) implements DecodeResult {
        public static final KeepAlive PING = new KeepAlive(true);
        public static final KeepAlive PONG = new KeepAlive(false);
    }
}
