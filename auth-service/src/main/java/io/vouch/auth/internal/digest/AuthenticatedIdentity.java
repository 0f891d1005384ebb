package io.vouch.auth.internal.digest;

/** Who a request was authenticated as (RFC 3261 §22.4) and with which algorithm; {@link #toString} is user@realm. */
public record AuthenticatedIdentity(String user, String realm, DigestAlgorithm algorithm) {
    @Override
    public String toString() {
        return user + "@" + realm;
    }
}
