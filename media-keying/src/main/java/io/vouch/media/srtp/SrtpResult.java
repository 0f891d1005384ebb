package io.vouch.media.srtp;

import java.util.Objects;

/**
 * The outcome of unprotecting an untrusted SRTP or SRTCP packet (RFC 3711 §3.3, §3.4): the plaintext length,
 * or the reason the packet was dropped.
 */
public sealed interface SrtpResult {

    /** Authenticated, fresh and decrypted in place: the RTP or RTCP packet is {@code length} octets. */
    record Unprotected(int length) implements SrtpResult {
    }

    /** Dropped: the packet must not be delivered. */
    record Rejected(Reason reason) implements SrtpResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a packet was dropped; {@link #tag()} is a low-cardinality metric tag. */
    enum Reason {
        /** Too short, not version 2, or a header running past the packet. */
        MALFORMED("malformed"),
        /** The authentication tag (or AEAD tag) does not verify, or the MKI is unknown. */
        AUTHENTICATION_FAILED("auth"),
        /** The index was already received (RFC 3711 §3.3.2). */
        REPLAYED("replay"),
        /** The index is behind the replay window. */
        TOO_OLD("old");

        private final String tag;
        private final Rejected rejected;

        Reason(String tag) {
            this.tag = tag;
            this.rejected = new Rejected(this);
        }

        public String tag() {
            return tag;
        }

        Rejected asResult() {
            return rejected;
        }
    }
}
