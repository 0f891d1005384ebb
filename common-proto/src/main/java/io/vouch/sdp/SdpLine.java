package io.vouch.sdp;

import java.util.Objects;

/**
 * One {@code <type>=<value>} line of a session description (RFC 8866 §5) with the line end it had on the wire
 * ({@code "\r\n"}, {@code "\n"}, or {@code ""} for a last line without one), so encoding gives back the same bytes.
 */
public record SdpLine(char type, String value, String eol) {
    public SdpLine {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(eol, "eol");
        if (type < 'a' || type > 'z') {
            throw new IllegalArgumentException("SDP type must be a lower-case letter: " + type);
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SDP value must not contain CR, LF or NUL");
        }
        if (!eol.equals("\r\n") && !eol.equals("\n") && !eol.isEmpty()) {
            throw new IllegalArgumentException("SDP line end must be CRLF, LF or empty");
        }
    }

    /** A line ending in CRLF. */
    public static SdpLine of(char type, String value) {
        return new SdpLine(type, value, "\r\n");
    }

    /** The attribute of an {@code a=} line; empty for other types or a malformed attribute. */
    public java.util.Optional<SdpAttribute> attribute() {
        return type == 'a' ? SdpAttribute.parse(value) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
