package io.vouch.media.internal;

import io.vertx.core.Future;
import io.vouch.media.DtlsValidator;
import io.vouch.media.MediaKeyingConfig;
import io.vouch.media.SdesPolicy;
import io.vouch.proto.MediaFindings;
import io.vouch.proto.MkyDigest;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.sip.SipStageHandler;
import io.vouch.runtime.sip.StageReplies;
import io.vouch.runtime.sip.StageRequest;
import io.vouch.sdp.Fingerprint;
import io.vouch.sdp.SdpBodies;
import io.vouch.sdp.SdpDecodeResult;
import io.vouch.sdp.SdpDecoder;
import io.vouch.sdp.SessionDescription;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The media-keying stage on {@code vouch.sip.media}: for an INVITE on its way to signing it opens the sealed SDES
 * key material, applies the SDES transport policy (RFC 4568 §8.3), checks the DTLS-SRTP attributes (RFC 5763,
 * RFC 8122, RFC 8842), annotates the {@code mky} fingerprints for identity (RFC 8225 §5.2.2) and forwards the event,
 * still sealed, to {@code vouch.sip.identity}; a refused offer is answered here. A pure function of the record.
 */
public final class MediaStage extends SipStageHandler {
    /** The stage name in replies. */
    public static final String STAGE = "media";
    private static final String WARN_AGENT = "vouch";

    private final SdesPolicy policy;
    private final DtlsValidator dtls;
    private final KeyMaterialSealer sealer;
    private final MediaMetrics metrics;
    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SdpDecoder sdpDecoder = new SdpDecoder();

    public MediaStage(MediaKeyingConfig config, KeyMaterialSealer sealer, MediaMetrics metrics, Clock clock) {
        super(STAGE, clock);
        this.policy = new SdesPolicy(config);
        this.dtls = new DtlsValidator(config);
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected Future<List<Outcome>> onRequest(StageRequest request) {
        return done(process(request.event(), request.request()));
    }

    /** The outcomes for one event (the handler without the future, for tests). */
    public List<Outcome> process(SipEvent event) {
        return handle(new StageRecord(Topics.MEDIA, 0, 0, null, event, 0)).result();
    }

    private List<Outcome> process(SipEvent event, SipRequest redacted) {
        if (!redacted.is("INVITE")) {
            return List.of(Outcome.forward(Topics.IDENTITY, redacted.callId(), event));
        }
        SipRequest req = redacted;
        switch (sealer.restore(event)) {
            case KeyMaterialSealer.Unsealed.Failed f -> {
                metrics.refused("unseal-failed");
                return List.of(replies().reply(event, StageReplies.response(req, 500,
                        "Sealed Key Material Unreadable").build()));
            }
            case KeyMaterialSealer.Unsealed.Restored r -> {
                if (event.hasSealedSecrets() && decoder.decode(r.sip()) instanceof DecodeResult.Parsed rp
                        && rp.message() instanceof SipRequest restored) {
                    req = restored;
                }
            }
        }
        List<SessionDescription> offers = new ArrayList<>();
        switch (SdpBodies.locate(req.headers().first("Content-Type"), req.body())) {
            case SdpBodies.Located.Absent a -> { }
            case SdpBodies.Located.Malformed m -> {
                return refuse(event, req, 400, "Bad SDP Body: " + m.reason(), "sdp-malformed", null);
            }
            case SdpBodies.Located.Found found -> {
                for (byte[] sdp : found.sdps()) {
                    switch (sdpDecoder.decode(sdp)) {
                        case SdpDecodeResult.Malformed m -> {
                            return refuse(event, req, 400, "Bad SDP: " + m.reason(), "sdp-malformed", null);
                        }
                        case SdpDecodeResult.Parsed sp -> offers.add(sp.description());
                    }
                }
            }
        }
        return check(event, req, offers);
    }

    private List<Outcome> check(SipEvent event, SipRequest req, List<SessionDescription> offers) {
        Transport t = event.getFlow().getTransport();
        boolean tlsHop = t == Transport.TLS || t == Transport.WSS;
        boolean sips = req.requestUri() instanceof SipUri u && u.secure();
        MediaFindings.Builder findings = MediaFindings.newBuilder();
        Set<Fingerprint> fingerprints = new LinkedHashSet<>();
        Set<String> kinds = new LinkedHashSet<>();
        for (SessionDescription sd : offers) {
            switch (policy.decide(sd, tlsHop, sips)) {
                case SdesPolicy.Decision.NoSdes n -> { }
                case SdesPolicy.Decision.Accept a -> kinds.add("sdes");
                case SdesPolicy.Decision.Refuse r -> {
                    kinds.add("sdes");
                    kinds.forEach(metrics::offer);
                    return refuse(event, req, r.status(), "Not Acceptable Here", r.reason(),
                            r.warningHeader(WARN_AGENT));
                }
                case SdesPolicy.Decision.Strip s -> {
                    // a redirect server forwards nothing downstream: stripping is signalled to the next stages
                    kinds.add("sdes");
                    metrics.refused("stripped-" + s.reason());
                    findings.setSdesStripped(s.reason());
                }
            }
            switch (dtls.inspect(sd, DtlsValidator.Role.OFFER)) {
                case DtlsValidator.Result.NoDtls n -> { }
                case DtlsValidator.Result.Valid v -> {
                    kinds.add("dtls");
                    fingerprints.addAll(v.fingerprints());
                }
                case DtlsValidator.Result.Invalid inv -> {
                    kinds.add("dtls");
                    kinds.forEach(metrics::offer);
                    return refuse(event, req, 488, "Not Acceptable Here", "dtls-invalid",
                            "399 " + WARN_AGENT + " \"" + inv.reason().replace("\"", "'") + "\"");
                }
            }
            if (sd.hasAttributeAnywhere("key-mgmt")) {
                kinds.add("mikey");
            }
        }
        if (kinds.isEmpty()) {
            kinds.add("none");
        }
        kinds.forEach(metrics::offer);
        if (fingerprints.isEmpty()) {
            metrics.mky("none");
        } else {
            metrics.mky("annotated");
            io.vouch.sdp.Mky.of(List.copyOf(fingerprints)).forEach(e ->
                    findings.addMky(MkyDigest.newBuilder().setAlg(e.alg()).setDig(e.dig())));
        }
        SipEvent forwarded = findings.getMkyCount() == 0 && findings.getSdesStripped().isEmpty() ? event
                : event.toBuilder().setMedia(findings).build();
        return List.of(Outcome.forward(Topics.IDENTITY, req.callId(), forwarded));
    }

    private List<Outcome> refuse(SipEvent event, SipRequest req, int status, String phrase, String reason,
            String warning) {
        metrics.refused(reason);
        SipResponse.Builder b = StageReplies.response(req, status, phrase);
        if (warning != null) {
            b.header("Warning", warning);
        }
        return List.of(replies().reply(event, b.build()));
    }
}
