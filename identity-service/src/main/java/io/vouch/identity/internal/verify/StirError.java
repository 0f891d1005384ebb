package io.vouch.identity.internal.verify;

/** The SIP responses of RFC 8224 §6.2.2 (and §13.2's Reason header text), with their metric tag. */
public enum StirError {
    STALE_DATE(403, "Stale Date"),
    USE_IDENTITY_HEADER(428, "Use Identity Header"),
    BAD_IDENTITY_INFO(436, "Bad Identity Info"),
    UNSUPPORTED_CREDENTIAL(437, "Unsupported Credential"),
    INVALID_IDENTITY_HEADER(438, "Invalid Identity Header");

    private final int status;
    private final String reasonPhrase;

    StirError(int status, String reasonPhrase) {
        this.status = status;
        this.reasonPhrase = reasonPhrase;
    }

    public int status() {
        return status;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** A {@code Reason} header value (RFC 3326) naming this error. */
    public String reasonHeader() {
        return "SIP;cause=" + status + ";text=\"" + reasonPhrase + "\"";
    }
}
