package io.vouch.auth.internal.digest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to authenticate (RFC 3261 §22.4), reduced to what digest verification needs.
 *
 * @param realm           the realm this request is challenged in (a configured realm)
 * @param credentials     the client's credentials for that realm, absent when it sent none
 * @param sourceHost      the source address as seen by the edge, for brute-force counting
 * @param notBeforeMillis nonces issued before this instant are answered stale (set from the partition assignment,
 *                        so counters a previous owner held cannot be replayed)
 * @param requestId       identifies the exact request (e.g. the edge's transaction id) so a redelivered record gets
 *                        the same outcome instead of being taken for an nc replay
 * @param claimedUsers    users the request claims to act for (a REGISTER's To and From users), which must equal the
 *                        authenticated user
 */
public record AuthAttempt(String method, String requestUri, byte[] body, String realm,
                          Optional<DigestCredentials> credentials, String sourceHost, long notBeforeMillis,
                          String requestId, List<String> claimedUsers) {
    public AuthAttempt {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(requestId, "requestId");
        body = body == null ? new byte[0] : body;
        sourceHost = sourceHost == null ? "" : sourceHost;
        claimedUsers = List.copyOf(claimedUsers);
    }
}
