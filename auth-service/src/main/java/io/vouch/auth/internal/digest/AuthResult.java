package io.vouch.auth.internal.digest;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link DigestAuthenticator#authenticate}: the outcome, the identity when {@link AuthOutcome#OK},
 * the challenge to send when the outcome's action is to challenge, and for {@link AuthOutcome#LOCKED_OUT} how
 * long the client should wait (RFC 3261 §20.33 Retry-After).
 *
 * @param newLockout set when this very request started a lock-out ("source" or "user"), for the metric
 * @param detail     a short reason for logs; never a secret or a user name
 */
public record AuthResult(AuthOutcome outcome, Optional<AuthenticatedIdentity> identity,
                         Optional<Challenge> challenge, long retryAfterSeconds, Optional<String> newLockout,
                         String detail) {
    public AuthResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(newLockout, "newLockout");
        Objects.requireNonNull(detail, "detail");
        if ((outcome == AuthOutcome.OK) != identity.isPresent()) {
            throw new IllegalArgumentException("identity present exactly when OK");
        }
        if ((outcome.action() == AuthOutcome.Action.CHALLENGE) != challenge.isPresent()) {
            throw new IllegalArgumentException("challenge present exactly when challenging");
        }
    }
}
