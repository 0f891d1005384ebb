package io.vouch.registrar;

import io.vouch.proto.Flow;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One registered contact of an address of record (RFC 3261 §10.3): the Contact URI and its header parameters, the
 * Call-ID and CSeq of the REGISTER that last set it, its absolute expiry, the Path it was registered through
 * (RFC 3327 §5.3) and the edge flow it arrived on, which an RFC 5626 §6 outbound binding ({@code outbound}, keyed by
 * {@code instanceId} + {@code regId}) is pinned to.
 *
 * @param contact       the Contact URI as text, without the header parameters
 * @param contactParams the Contact header parameters other than {@code expires} and {@code q}, names lower-case,
 *                      values as received (a {@code +sip.instance} value keeps its quotes), in order
 * @param q             the preference in thousandths (0-1000), or {@link #NO_Q} when the contact carried none
 * @param instanceId    the {@code +sip.instance} value without quotes (e.g. {@code <urn:uuid:...>}), or empty
 * @param regId         the RFC 5626 {@code reg-id}, or 0 when none
 * @param outbound      whether the binding was processed as an RFC 5626 flow (identified by instance + reg-id)
 * @param flow          the edge flow the REGISTER arrived on (edge id, transport, connection id, remote address)
 * @param path          the Path header values of the REGISTER, topmost first (RFC 3327)
 * @param tempGruu      the token of the temporary GRUU issued for this contact (RFC 5627 §3.2), or empty when none
 *                      was issued (no {@code +sip.instance}, or the UA did not support {@code gruu})
 */
public record Binding(String contact, Map<String, String> contactParams, int q, String instanceId, int regId,
                      boolean outbound, Flow flow, List<String> path, String callId, long cseq, Instant expiresAt,
                      Instant updatedAt, String tempGruu) {
    /** The value of {@link #q} when the contact had no {@code q} parameter. */
    public static final int NO_Q = -1;

    public Binding {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(tempGruu, "tempGruu");
        if (q < NO_Q || q > 1000) {
            throw new IllegalArgumentException("q out of range: " + q);
        }
        if (regId < 0) {
            throw new IllegalArgumentException("reg-id out of range: " + regId);
        }
        contactParams = Collections.unmodifiableMap(new LinkedHashMap<>(contactParams));
        path = List.copyOf(path);
    }

    /** A binding without a temporary GRUU. */
    public Binding(String contact, Map<String, String> contactParams, int q, String instanceId, int regId,
                   boolean outbound, Flow flow, List<String> path, String callId, long cseq, Instant expiresAt,
                   Instant updatedAt) {
        this(contact, contactParams, q, instanceId, regId, outbound, flow, path, callId, cseq, expiresAt, updatedAt,
                "");
    }

    /** The preference used for ordering: the {@code q} value, or 1.0 when the contact carried none. */
    public double qValue() {
        return q == NO_Q ? 1.0 : q / 1000.0;
    }

    /** Whether the binding has expired at {@code now} (an expired binding is no longer a current contact). */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** Seconds left until expiry at {@code now}, rounded up, 0 once expired (the {@code expires} of a 200). */
    public long remainingSeconds(Instant now) {
        long ms = expiresAt.toEpochMilli() - now.toEpochMilli();
        return ms <= 0 ? 0 : (ms + 999) / 1000;
    }
}
