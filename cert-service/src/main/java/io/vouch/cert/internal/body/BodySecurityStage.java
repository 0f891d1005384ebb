package io.vouch.cert.internal.body;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vouch.cert.BodySecurityConfig;
import io.vouch.proto.BodyFindings;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SmimeResult;
import io.vouch.proto.Topics;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.sip.SipStageHandler;
import io.vouch.runtime.sip.StageReplies;
import io.vouch.runtime.sip.StageRequest;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The body-security stage on {@link Topics#BODY}: checks the S/MIME body of each authenticated MESSAGE, NOTIFY or INFO
 * against the sender's published certificate ({@link BodyCheck}), then, by {@link BodySecurityConfig.Policy}, records
 * the result in the event's {@link BodyFindings} and forwards the event, SIP bytes unchanged, to {@link Topics#DELIVER}
 * under the target's AOR, or answers {@code 403} with a {@code Warning: 399} (RFC 3261 §20.43) to a body that is not
 * verified. A pure function of the request and the published certificates, so a redelivered record gets the same
 * outcome.
 */
public final class BodySecurityStage extends SipStageHandler {
    public static final String STAGE = "body";
    private static final String WARN_AGENT = "vouch";

    private final BodySecurityConfig config;
    private final BodyCheck check;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public BodySecurityStage(BodySecurityConfig config, BodyCheck check, MeterRegistry registry, Clock clock) {
        super(STAGE, clock);
        this.config = Objects.requireNonNull(config, "config");
        this.check = Objects.requireNonNull(check, "check");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    protected Future<List<Outcome>> onRequest(StageRequest request) {
        SipRequest req = request.request();
        if (req.is("ACK")) {
            return done(Outcome.drop("ack"));
        }
        BodyCheck.Verdict verdict = check.check(req);
        count(verdict.result());
        boolean refuse = config.policy() == BodySecurityConfig.Policy.REQUIRE_SIGNED
                && (verdict.result() == BodyCheck.Result.INVALID || verdict.result() == BodyCheck.Result.UNSIGNED);
        if (refuse) {
            String why = verdict.result() == BodyCheck.Result.UNSIGNED ? "body not signed" : verdict.reason();
            SipResponse resp = StageReplies.response(req, 403, "Forbidden (S/MIME: " + why + ")")
                    .header("Warning", "399 " + WARN_AGENT + " \"S/MIME: " + why + "\"").build();
            return done(replies().reply(request, resp));
        }
        BodyFindings.Builder findings = BodyFindings.newBuilder().setSmime(proto(verdict.result()))
                .setReason(verdict.reason());
        verdict.signer().ifPresent(s -> findings.setSigner("sip:" + s));
        SipEvent forwarded = request.event().toBuilder().setBody(findings).build();
        return done(Outcome.forward(Topics.DELIVER, targetKey(req), forwarded));
    }

    /** The delivery stage's key: the Request-URI's AOR (its bindings' key), or the Call-ID for other URIs. */
    static String targetKey(SipRequest req) {
        return req.requestUri() instanceof SipUri s ? Topics.aorKey(s.user(), s.host()) : req.callId();
    }

    private static SmimeResult proto(BodyCheck.Result r) {
        return switch (r) {
            case VERIFIED -> SmimeResult.SMIME_VERIFIED;
            case INVALID -> SmimeResult.SMIME_INVALID;
            case UNSIGNED -> SmimeResult.SMIME_UNSIGNED;
            case ENCRYPTED -> SmimeResult.SMIME_ENCRYPTED;
            case NONE -> SmimeResult.SMIME_NONE;
        };
    }

    private void count(BodyCheck.Result result) {
        counters.computeIfAbsent(result.tag(), r -> Counter.builder("vouch.smime.checks")
                .description("S/MIME body checks by result").tag("result", r).register(registry)).increment();
    }

    /** Removes this stage's meters. */
    public void close() {
        counters.values().forEach(registry::remove);
    }
}
