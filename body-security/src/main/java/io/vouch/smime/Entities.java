package io.vouch.smime;

import java.util.List;

/** How a protected layer's octets become the entity inside. */
final class Entities {
    private Entities() {
    }

    /** The entity a signature or envelope carried; octets without a header block are headerless text (RFC 2045 §5.2). */
    static MimeEntity inner(byte[] octets) {
        return MimeEntity.parse(octets).orElseGet(() -> new MimeEntity(List.of(), octets));
    }
}
