package io.vouch.auth.internal.digest;

import java.util.List;
import java.util.Objects;

/**
 * A digest challenge: one header value per offered algorithm, strongest first (RFC 8760 §2.4, RFC 7616 §3.7),
 * to be sent as {@code WWW-Authenticate} in a 401 or {@code Proxy-Authenticate} in a 407 (RFC 3261 §22.1, §22.3).
 */
public record Challenge(String realm, String nonce, boolean stale, List<String> headerValues) {
    public Challenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        headerValues = List.copyOf(headerValues);
    }

    /** The header name for a challenge to a request of {@code method}. */
    public static String headerName(String method) {
        return io.vouch.sip.digest.ChallengeHeaders.challengeHeader(method);
    }

    /** The header carrying credentials in a request of {@code method} (RFC 3261 §22.2, §22.3). */
    public static String credentialsHeaderName(String method) {
        return io.vouch.sip.digest.ChallengeHeaders.credentialsHeader(method);
    }
}
