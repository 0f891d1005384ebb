package io.vouch.identity.internal.verify;

/** The {@code verstat} tel/SIP URI parameter values a verification service reports (TS 24.229 §7.2A.20, ATIS-1000074). */
public enum Verstat {
    TN_VALIDATION_PASSED("TN-Validation-Passed"),
    TN_VALIDATION_FAILED("TN-Validation-Failed"),
    NO_TN_VALIDATION("No-TN-Validation");

    private final String value;

    Verstat(String value) {
        this.value = value;
    }

    /** The parameter value as sent on the wire. */
    public String value() {
        return value;
    }
}
