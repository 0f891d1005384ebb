package io.vouch.identity.internal.sign;

import io.vouch.identity.internal.passport.Attestation;
import java.util.Objects;

/**
 * SHAKEN attestation by policy (RFC 8588 §4): {@code A} when the sending customer owns the calling number,
 * {@code B} when an authenticated customer does not, {@code C} for trusted-peer (gateway) traffic without
 * ownership.
 */
public final class AttestationPolicy {
    private final TnAssignments assignments;

    public AttestationPolicy(TnAssignments assignments) {
        this.assignments = Objects.requireNonNull(assignments, "assignments");
    }

    /** The attestation for a call from {@code origin} with canonical calling number {@code origTn}. */
    public Attestation decide(SigningOrigin origin, String origTn) {
        boolean owns = origin.customer().isPresent()
                && assignments.customerOf(origTn).map(c -> c.equals(origin.customer().get())).orElse(false);
        if (owns) {
            return Attestation.A;
        }
        return switch (origin.kind()) {
            case AUTHENTICATED_USER -> Attestation.B;
            case TRUSTED_PEER -> Attestation.C;
        };
    }
}
