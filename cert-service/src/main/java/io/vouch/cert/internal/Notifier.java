package io.vouch.cert.internal;

import com.google.protobuf.ByteString;
import io.vouch.proto.SipReply;
import io.vouch.runtime.Outcome;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns a subscription's NOTIFY into an edge client transaction (the edge's reply topic carries the request; its
 * response or timeout comes back to {@code responseTopic} under the AOR), optionally signing it first.
 */
public final class Notifier {
    private final NotifyBuilder builder = new NotifyBuilder();
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final String responseTopic;
    private final UnaryOperator<SipRequest> signer;
    private final CertMetrics metrics;

    /** @param signer adds RFC 4474 Identity to a NOTIFY (identity function when unsigned) */
    public Notifier(String responseTopic, UnaryOperator<SipRequest> signer, CertMetrics metrics) {
        this.responseTopic = responseTopic;
        this.signer = signer;
        this.metrics = metrics;
    }

    /** The outcome sending {@code sub}'s NOTIFY; empty (counted) when the NOTIFY cannot be built. */
    public Optional<Outcome> notify(String aor, Subscription sub, long cseq, NotifyBuilder.State state,
                                    Optional<Publication> publication) {
        Optional<SipRequest> req = builder.build(aor, sub, cseq, state, publication);
        if (req.isEmpty() || sub.flow().getEdgeId().isEmpty()) {
            metrics.notifyResult("unbuildable");
            return Optional.empty();
        }
        metrics.notifyResult("sent");
        SipRequest signed = signer.apply(req.get());
        return Optional.of(Outcome.reply(SipReply.newBuilder()
                .setSip(ByteString.copyFrom(encoder.encode(signed)))
                .setFlow(sub.flow())
                .setStage(CertStage.STAGE)
                .setTransactionId("notify:" + sub.callId() + ":" + cseq)
                .setResponseTopic(responseTopic)
                .setResponseKey(aor)
                .build()));
    }
}
