package io.vouch.registrar.internal;

/**
 * Why a REGISTER is refused, with the SIP status it maps to (RFC 3261 §10.3, §21; RFC 5626 §6; RFC 3261 §8.2.2)
 * and the {@code outcome} tag of {@code vouch.registrar.registrations}.
 */
public enum Rejection {
    /** No identity from the auth stage: fail closed (RFC 3261 §10.3 step 3). */
    NOT_AUTHENTICATED(403, "Forbidden", "unauthenticated"),
    /** The authenticated user may not change this AOR's bindings (step 4). */
    NOT_AUTHORIZED(403, "Forbidden", "forbidden"),
    /** The AOR is not in a served domain, or To is not a SIP URI (step 1 and 5). */
    NOT_FOUND(404, "Not Found", "not_found"),
    /** A Require option tag the registrar does not support (step 2, §8.2.2.3). */
    BAD_EXTENSION(420, "Bad Extension", "bad_extension"),
    /** Malformed or contradictory Contact values (step 6, RFC 5626 §6). */
    BAD_REQUEST(400, "Bad Request", "bad_request"),
    /** An expiry shorter than the configured minimum (step 7). */
    INTERVAL_TOO_BRIEF(423, "Interval Too Brief", "interval_too_brief"),
    /** Same Call-ID with a CSeq not above the binding's (step 7). */
    OUT_OF_ORDER(500, "Server Internal Error", "out_of_order"),
    /** Would exceed {@code registrar.max.contacts.per.aor}. */
    TOO_MANY_CONTACTS(403, "Forbidden", "too_many_contacts"),
    /** reg-id with Supported: outbound behind a first hop that lacks outbound (RFC 5626 §6, §11.6). */
    FIRST_HOP_LACKS_OUTBOUND(439, "First Hop Lacks Outbound Support", "first_hop_lacks_outbound");

    private final int status;
    private final String reason;
    private final String tag;

    Rejection(int status, String reason, String tag) {
        this.status = status;
        this.reason = reason;
        this.tag = tag;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String tag() {
        return tag;
    }
}
