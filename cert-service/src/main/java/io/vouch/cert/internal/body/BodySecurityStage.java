package io.vouch.cert.internal.body;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vouch.cert.BodySecurityConfig;
import io.vouch.proto.Annotation;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageHandler;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
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
 * against the sender's published certificate ({@link BodyCheck}), then, by {@link BodySecurityConfig.Policy}, annotates
 * the event ({@code body/smime} = verified, invalid, unsigned, encrypted or none; {@code body/smime.signer};
 * {@code body/smime.reason}) and forwards it unchanged to {@link Topics#DELIVER} under the target's AOR, or answers
 * {@code 403} with a {@code Warning: 399} (RFC 3261 §20.43) to a body that is not verified. The SIP bytes are never
 * altered. Pure function of the request and the published certificates, so a redelivered record gets the same outcome.
 */
public final class BodySecurityStage implements StageHandler {
    public static final String STAGE = "body";
    private static final String WARN_AGENT = "vouch";

    private final BodySecurityConfig config;
    private final BodyCheck check;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SipMessageEncoder encoder = new SipMessageEncoder();

    public BodySecurityStage(BodySecurityConfig config, BodyCheck check, MeterRegistry registry, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.check = Objects.requireNonNull(check, "check");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<List<Outcome>> handle(StageRecord record) {
        return Future.succeededFuture(outcomes(record.event()));
    }

    List<Outcome> outcomes(SipEvent event) {
        if (!(decoder.decode(event.getSip().toByteArray()) instanceof DecodeResult.Parsed p)
                || !(p.message() instanceof SipRequest req)) {
            return List.of(Outcome.drop("malformed"));
        }
        if (req.is("ACK")) {
            return List.of(Outcome.drop("ack"));
        }
        BodyCheck.Verdict verdict = check.check(req);
        count(verdict.result());
        boolean refuse = config.policy() == BodySecurityConfig.Policy.REQUIRE_SIGNED
                && (verdict.result() == BodyCheck.Result.INVALID || verdict.result() == BodyCheck.Result.UNSIGNED);
        if (refuse) {
            String why = verdict.result() == BodyCheck.Result.UNSIGNED ? "body not signed" : verdict.reason();
            SipResponse resp = SipResponse.forRequest(req, 403, "Forbidden (S/MIME: " + why + ")",
                            io.vouch.cert.internal.Tags.of(8, req.callId(), Long.toString(req.cseq().sequence()),
                                    req.topVia().branch().orElse("")))
                    .header("Warning", "399 " + WARN_AGENT + " \"S/MIME: " + why + "\"").build();
            return List.of(Outcome.reply(event, STAGE, encoder.encode(resp), clock));
        }
        SipEvent.Builder annotated = event.toBuilder().addAnnotations(annotation("smime", verdict.result().tag()));
        verdict.signer().ifPresent(s -> annotated.addAnnotations(annotation("smime.signer", "sip:" + s)));
        if (!verdict.reason().isEmpty()) {
            annotated.addAnnotations(annotation("smime.reason", verdict.reason()));
        }
        return List.of(Outcome.forward(Topics.DELIVER, targetKey(req), annotated.build()));
    }

    /** The delivery stage's key: the Request-URI's AOR (its bindings' key), or the Call-ID for other URIs. */
    static String targetKey(SipRequest req) {
        return req.requestUri() instanceof SipUri s ? Topics.aorKey(s.user(), s.host()) : req.callId();
    }

    private static Annotation annotation(String key, String value) {
        return Annotation.newBuilder().setStage(STAGE).setKey(key).setValue(value).build();
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
