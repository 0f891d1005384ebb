package io.vouch.runtime.sip;

import io.vouch.proto.SipEvent;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.SipRequest;
import java.util.Objects;

/** A stage record whose message decoded as a request (RFC 3261 §7.1), with the request decoded once. */
public record StageRequest(StageRecord record, SipRequest request) {
    public StageRequest {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(request, "request");
    }

    /** The envelope the request came in. */
    public SipEvent event() {
        return record.event();
    }

    /**
     * An id for idempotence: the edge's server transaction key, or {@code offset:<partition>:<offset>} for a record
     * produced without one.
     */
    public String transactionId() {
        String tx = record.event().getTransactionId();
        return tx.isEmpty() ? "offset:" + record.partition() + ":" + record.offset() : tx;
    }
}
