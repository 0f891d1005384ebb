package io.vouch.media.internal;

import io.vertx.core.Future;
import io.vouch.media.DtlsValidator;
import io.vouch.media.MediaKeyingConfig;
import io.vouch.media.SdesPolicy;
import io.vouch.proto.Annotation;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageHandler;
import io.vouch.runtime.StageRecord;
import io.vouch.sdp.Fingerprint;
import io.vouch.sdp.SdpBodies;
import io.vouch.sdp.SdpDecodeResult;
import io.vouch.sdp.SdpDecoder;
import io.vouch.sdp.SessionDescription;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

/**
 * The media-keying stage on {@code vouch.sip.media}: for an INVITE on its way to signing it opens the sealed SDES
 * key material, applies the SDES transport policy (RFC 4568 §8.3), checks the DTLS-SRTP attributes (RFC 5763,
 * RFC 8122, RFC 8842), annotates the {@code mky} fingerprints for identity (RFC 8225 §5.2.2) and forwards the event,
 * still sealed, to {@code vouch.sip.identity}; a refused offer is answered here. A pure function of the record.
 */
public final class MediaStage implements StageHandler {
    /** The stage name in replies and annotations. */
    public static final String STAGE = "media";
    /** Annotation key: the offer's fingerprints, {@code <hash> <HEX:HEX…>} joined by commas, sorted. */
    public static final String MKY_KEY = "mky";
    /** Annotation key: set to the reason when policy stripped SDES instead of refusing. */
    public static final String SDES_STRIPPED_KEY = "sdes-stripped";
    private static final String WARN_AGENT = "vouch";

    private final SdesPolicy policy;
    private final DtlsValidator dtls;
    private final KeyMaterialSealer sealer;
    private final MediaMetrics metrics;
    private final Clock clock;
    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final SdpDecoder sdpDecoder = new SdpDecoder();

    public MediaStage(MediaKeyingConfig config, KeyMaterialSealer sealer, MediaMetrics metrics, Clock clock) {
        this.policy = new SdesPolicy(config);
        this.dtls = new DtlsValidator(config);
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<List<Outcome>> handle(StageRecord record) {
        return Future.succeededFuture(process(record.event()));
    }

    /** The outcomes for one event (the handler without the future, for tests). */
    public List<Outcome> process(SipEvent event) {
        if (!(decoder.decode(event.getSip().toByteArray()) instanceof DecodeResult.Parsed p)
                || !(p.message() instanceof SipRequest redacted)) {
            return List.of(Outcome.drop("malformed"));
        }
        if (!redacted.is("INVITE")) {
            return List.of(Outcome.forward(Topics.IDENTITY, redacted.callId(), event));
        }
        SipRequest req = redacted;
        switch (sealer.restore(event)) {
            case KeyMaterialSealer.Unsealed.Failed f -> {
                metrics.refused("unseal-failed");
                return List.of(reply(event, req, SipResponse.forRequest(req, 500, "Sealed Key Material Unreadable",
                        toTag(event, req)).build()));
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
        List<Annotation> notes = new ArrayList<>();
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
                    notes.add(note(SDES_STRIPPED_KEY, s.reason()));
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
            notes.add(note(MKY_KEY, io.vouch.sdp.Mky.of(List.copyOf(fingerprints)).stream()
                    .map(e -> e.alg() + " " + e.dig()).collect(Collectors.joining(","))));
        }
        SipEvent forwarded = notes.isEmpty() ? event : event.toBuilder().addAllAnnotations(notes).build();
        return List.of(Outcome.forward(Topics.IDENTITY, req.callId(), forwarded));
    }

    private static Annotation note(String key, String value) {
        return Annotation.newBuilder().setStage(STAGE).setKey(key).setValue(value).build();
    }

    private List<Outcome> refuse(SipEvent event, SipRequest req, int status, String phrase, String reason,
            String warning) {
        metrics.refused(reason);
        SipResponse.Builder b = SipResponse.forRequest(req, status, phrase, toTag(event, req));
        if (warning != null) {
            b.header("Warning", warning);
        }
        return List.of(reply(event, req, b.build()));
    }

    private Outcome reply(SipEvent event, SipRequest req, SipResponse response) {
        return Outcome.reply(event, STAGE, encoder.encode(response), clock);
    }

    /** A To tag derived from the transaction, so a redelivered record is answered with the same tag. */
    private static String toTag(SipEvent event, SipRequest req) {
        CRC32C crc = new CRC32C();
        crc.update(("media|" + event.getTransactionId() + "|" + req.callId() + "|" + req.cseq())
                .getBytes(StandardCharsets.UTF_8));
        return "m" + Long.toHexString(crc.getValue());
    }
}
