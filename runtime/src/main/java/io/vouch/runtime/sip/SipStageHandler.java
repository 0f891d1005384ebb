package io.vouch.runtime.sip;

import io.vertx.core.Future;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageHandler;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The stage handler of every SIP stage: decodes the record's message once and hands a request to
 * {@link #onRequest}; a response goes to {@link #onResponse} (dropped unless the stage runs client transactions);
 * anything that does not decode is dropped under {@link #NOT_A_REQUEST}. The edge validated every message before
 * producing it, so a record that does not decode here has no client to answer. Replies go through {@link #replies()}
 * (RFC 3261 §8.2.6 copy rules, one deterministic To tag).
 */
public abstract class SipStageHandler implements StageHandler {
    /** The one drop reason (metric tag) for a record whose message is not a request this stage can handle. */
    public static final String NOT_A_REQUEST = "not_a_request";

    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final StageReplies replies;

    /** A handler whose replies name {@code stage} and carry the time of {@code clock}. */
    protected SipStageHandler(String stage, Clock clock) {
        this.replies = new StageReplies(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public final Future<List<Outcome>> handle(StageRecord record) {
        return switch (decoder.decode(record.event().getSip().toByteArray())) {
            case DecodeResult.Parsed p when p.message() instanceof SipRequest req ->
                    onRequest(new StageRequest(record, req));
            case DecodeResult.Parsed p when p.message() instanceof SipResponse resp -> onResponse(record, resp);
            default -> notARequest();
        };
    }

    /** Decodes the synthetic record's message and, for a request, runs {@link #onWarmUp}. */
    @Override
    public final void warmUp(StageRecord record) {
        if (decoder.decode(record.event().getSip().toByteArray()) instanceof DecodeResult.Parsed p
                && p.message() instanceof SipRequest req) {
            onWarmUp(new StageRequest(record, req));
        }
    }

    /**
     * The side-effect-free part of {@link #onRequest} for a synthetic request (see {@link StageHandler#warmUp}): no
     * state changes, nothing produced or answered. By default nothing.
     */
    protected void onWarmUp(StageRequest request) {
    }

    /** The outcomes for a decoded request; must not block (see {@link StageHandler}). */
    protected abstract Future<List<Outcome>> onRequest(StageRequest request);

    /** The outcomes for a decoded response (a client transaction's result); by default dropped. */
    protected Future<List<Outcome>> onResponse(StageRecord record, SipResponse response) {
        return notARequest();
    }

    /** This stage's reply builder. */
    protected final StageReplies replies() {
        return replies;
    }

    /** A completed future of {@code outcomes}. */
    protected static Future<List<Outcome>> done(List<Outcome> outcomes) {
        return Future.succeededFuture(outcomes);
    }

    /** A completed future of the single {@code outcome}. */
    protected static Future<List<Outcome>> done(Outcome outcome) {
        return Future.succeededFuture(List.of(outcome));
    }

    private static Future<List<Outcome>> notARequest() {
        return Future.succeededFuture(List.of(Outcome.drop(NOT_A_REQUEST)));
    }
}
