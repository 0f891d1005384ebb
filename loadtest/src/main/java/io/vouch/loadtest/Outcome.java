package io.vouch.loadtest;

/** How one simulated call ended; everything but {@link #SUCCESS} is a failed call. */
public enum Outcome {
    /** The scenario's expected final response arrived. */
    SUCCESS("success"),
    /** A final response other than the expected one (its code is counted under response codes). */
    UNEXPECTED_RESPONSE("unexpected-response"),
    /** A 302 to an INVITE to be signed without an Identity header (RFC 8224 §4). */
    MISSING_IDENTITY("missing-identity"),
    /** A 302 to an INVITE to be verified whose verstat is not TN-Validation-Passed. */
    VERIFICATION_FAILED("verification-failed"),
    /** A challenge that offers none of the requested digest algorithm, or a challenge with no credentials to use. */
    AUTH_NOT_POSSIBLE("auth-not-possible"),
    /** Challenged again after answering a challenge: the credentials were refused. */
    AUTH_REJECTED("auth-rejected"),
    /** No final response within Timer B/F (64*T1, RFC 3261 §17.1.1.2, §17.1.2.2). */
    TIMEOUT("timeout"),
    /** The request could not be sent (socket error, connection closed). */
    TRANSPORT_ERROR("transport-error"),
    /** The load generator's in-flight bound was reached, so the call was never sent. */
    NOT_SENT("not-sent");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** Lower-case label used in reports and JSON. */
    public String label() {
        return label;
    }
}
