package io.vouch.cert.internal;

import java.util.Objects;

/**
 * One RFC 3903 publication held for an AOR and event package: the current entity-tag, the body as served in NOTIFYs
 * (DER certificate, or the {@code multipart/mixed} credential), its expiry, and the transaction that last changed it
 * (so a redelivered PUBLISH gets the same answer). The body array is shared: never modify it.
 */
public record Publication(String eventPackage, String etag, String contentType, byte[] body, long expiresAtMs,
                          String lastTransaction) {
    public Publication {
        Objects.requireNonNull(eventPackage, "eventPackage");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(lastTransaction, "lastTransaction");
    }

    /** The same publication without its body: a NOTIFY that only names the entity-tag the subscriber holds. */
    public Publication withoutBody() {
        return new Publication(eventPackage, etag, contentType, new byte[0], expiresAtMs, lastTransaction);
    }

    public boolean expired(long nowMs) {
        return nowMs >= expiresAtMs;
    }
}
