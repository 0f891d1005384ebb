package io.vouch.registrar.internal;

import java.util.Objects;

/**
 * Identifies one REGISTER transaction for redelivery detection: Call-ID, CSeq number and the top Via branch
 * (RFC 3261 §17.2.3), so a retransmitted or redelivered copy matches while a new request reusing a CSeq does not.
 */
public record RequestId(String callId, long cseq, String branch) {
    public RequestId {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(branch, "branch");
    }
}
