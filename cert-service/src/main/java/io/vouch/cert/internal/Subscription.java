package io.vouch.cert.internal;

import io.vouch.proto.Flow;
import java.util.Objects;

/**
 * One RFC 6665 subscription to an AOR's {@code certificate} or {@code credential} state: the dialog (Call-ID, the
 * subscriber's tag, our tag), where NOTIFYs go (remote target and the flow the SUBSCRIBE came in on), its expiry, our
 * NOTIFY CSeq, and the last SUBSCRIBE seen in the dialog (CSeq ordering and redelivery).
 */
public record Subscription(String eventPackage, String eventId, String callId, String subscriberTag, String ourTag,
                           String subscriberUri, String remoteTarget, Flow flow, long expiresAtMs, long notifyCseq,
                           long lastCseq, String lastTransaction) {
    public Subscription {
        Objects.requireNonNull(eventPackage, "eventPackage");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(subscriberTag, "subscriberTag");
        Objects.requireNonNull(ourTag, "ourTag");
        Objects.requireNonNull(subscriberUri, "subscriberUri");
        Objects.requireNonNull(remoteTarget, "remoteTarget");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(lastTransaction, "lastTransaction");
    }

    /** Whether this is the dialog identified by Call-ID and the two tags (RFC 3261 §12). */
    public boolean isDialog(String cid, String remoteTag, String localTag) {
        return callId.equals(cid) && subscriberTag.equals(remoteTag) && ourTag.equals(localTag);
    }

    public boolean expired(long nowMs) {
        return nowMs >= expiresAtMs;
    }

    public Subscription withExpiry(long atMs, long cseq, String transaction) {
        return new Subscription(eventPackage, eventId, callId, subscriberTag, ourTag, subscriberUri, remoteTarget,
                flow, atMs, notifyCseq, cseq, transaction);
    }

    public Subscription withNotifyCseq(long cseq) {
        return new Subscription(eventPackage, eventId, callId, subscriberTag, ourTag, subscriberUri, remoteTarget,
                flow, expiresAtMs, cseq, lastCseq, lastTransaction);
    }
}
