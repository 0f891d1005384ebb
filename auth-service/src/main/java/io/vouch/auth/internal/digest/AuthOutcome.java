package io.vouch.auth.internal.digest;

/**
 * Every result of checking a request's digest credentials, mapped to SIP (RFC 3261 §22.1–§22.3, §21.4.2/§21.4.8)
 * with a low-cardinality metric tag; REGISTER is challenged with 401, other methods with 407 (RFC 3261 §22.3).
 */
public enum AuthOutcome {
    /** Credentials verified: the request goes on to the next stage. */
    OK(Action.FORWARD, 200, false, Failure.NONE),
    /** No credentials for us: challenge. */
    CHALLENGE(Action.CHALLENGE, 0, false, Failure.NONE),
    /** Correct response over an expired, retired-key or pre-rebalance nonce: challenge with stale=true. */
    STALE(Action.CHALLENGE, 0, true, Failure.NONE),
    /** Wrong response: challenge again (RFC 3261 §22.4) and count a failure. */
    BAD_RESPONSE(Action.CHALLENGE, 0, false, Failure.USER_AND_SOURCE),
    /** No such user; answered exactly like {@link #BAD_RESPONSE} so names cannot be enumerated. */
    UNKNOWN_USER(Action.CHALLENGE, 0, false, Failure.USER_AND_SOURCE),
    /** Correct response but nc did not increase for this nonce: challenge with stale=true, count against the source. */
    REPLAY(Action.CHALLENGE, 0, true, Failure.SOURCE),
    /** Credentials for a realm other than the one this request is challenged in. */
    REALM_MISMATCH(Action.CHALLENGE, 0, false, Failure.NONE),
    /** The digest uri is not the Request-URI (RFC 7616 §3.4.6 lets the server answer 400). */
    URI_MISMATCH(Action.STATUS, 400, false, Failure.NONE),
    /** An algorithm (or userhash) not offered here: challenge with what is offered. */
    ALGORITHM_NOT_ALLOWED(Action.CHALLENGE, 0, false, Failure.NONE),
    /** Unparsable credentials, missing qop when qop is required, unsupported qop. */
    MALFORMED(Action.STATUS, 400, false, Failure.NONE),
    /** Too many recent failures for this source or user: 503 with Retry-After for the cooling-off period. */
    LOCKED_OUT(Action.STATUS, 503, false, Failure.NONE),
    /** Authenticated, but a REGISTER's To/From user is not the authenticated user. */
    IDENTITY_MISMATCH(Action.STATUS, 403, false, Failure.NONE);

    /** What the stage does with the request. */
    public enum Action { FORWARD, CHALLENGE, STATUS }

    /** Which brute-force counters a result increments. */
    public enum Failure { NONE, SOURCE, USER_AND_SOURCE }

    private final Action action;
    private final int status;
    private final boolean stale;
    private final Failure failure;

    AuthOutcome(Action action, int status, boolean stale, Failure failure) {
        this.action = action;
        this.status = status;
        this.stale = stale;
        this.failure = failure;
    }

    public Action action() {
        return action;
    }

    /** Whether a challenge for this outcome carries {@code stale=true}. */
    public boolean stale() {
        return stale;
    }

    public Failure failure() {
        return failure;
    }

    /** The SIP status for a request of {@code method}: 401 for REGISTER challenges, 407 for others. */
    public int status(String method) {
        if (action == Action.CHALLENGE) {
            return "REGISTER".equals(method) ? 401 : 407;
        }
        return status;
    }

    /** The reason phrase sent with {@link #status(String)}. */
    public String reason(String method) {
        return switch (status(method)) {
            case 200 -> "OK";
            case 400 -> this == URI_MISMATCH ? "Bad Request (digest uri mismatch)" : "Bad Request (credentials)";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden (identity mismatch)";
            case 407 -> "Proxy Authentication Required";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    /** The metric tag value, lower-case. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
