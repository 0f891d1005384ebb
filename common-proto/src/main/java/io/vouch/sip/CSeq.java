package io.vouch.sip;

import io.vouch.sip.internal.Chars;
import java.util.Objects;

/** The CSeq header (RFC 3261 §20.16): a sequence number below 2^32 and a method name. */
public record CSeq(long sequence, String method) {
    public CSeq {
        Objects.requireNonNull(method, "method");
        if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sequence out of range: " + sequence);
        }
        if (!Chars.isToken(method)) {
            throw new IllegalArgumentException("method is not a token: " + method);
        }
    }

    @Override
    public String toString() {
        return sequence + " " + method;
    }
}
