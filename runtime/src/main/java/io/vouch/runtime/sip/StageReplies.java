package io.vouch.runtime.sip;

import com.google.protobuf.ByteString;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.runtime.Outcome;
import io.vouch.sip.SipIds;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The one way a stage answers a request: a response built by the RFC 3261 §8.2.6 copy rules (every Via, From, To
 * with the deterministic {@link SipIds#toTag} when it had none, Call-ID, CSeq), wrapped in a {@link SipReply} for the
 * edge owning the request's flow, with the status, transaction and trace ids, stage name and production time.
 */
public final class StageReplies {
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final String stage;
    private final Clock clock;

    public StageReplies(String stage, Clock clock) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A response to {@code request} with {@code status} and {@code reason}; the same request (retransmitted,
     * redelivered, handled by another replica) always gets the same To tag.
     */
    public static SipResponse.Builder response(SipRequest request, int status, String reason) {
        return SipResponse.forRequest(request, status, reason, SipIds.toTag(request));
    }

    /** The reply carrying {@code response} to the edge that owns {@code event}'s flow. */
    public Outcome reply(SipEvent event, SipResponse response) {
        Instant t = clock.instant();
        return Outcome.reply(SipReply.newBuilder()
                .setSip(ByteString.copyFrom(encoder.encode(response)))
                .setStatus(response.status())
                .setFlow(event.getFlow())
                .setTransactionId(event.getTransactionId())
                .setTraceId(event.getTraceId())
                .setStage(stage)
                .setProducedAtEpochMicros(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000)
                .build());
    }

    /** The reply to {@code request} with {@code status} and {@code reason} and no further headers. */
    public Outcome reply(StageRequest request, int status, String reason) {
        return reply(request.event(), response(request.request(), status, reason).build());
    }

    /** The reply carrying {@code response} for {@code request}. */
    public Outcome reply(StageRequest request, SipResponse response) {
        return reply(request.event(), response);
    }
}
