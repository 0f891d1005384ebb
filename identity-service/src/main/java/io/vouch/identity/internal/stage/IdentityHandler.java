package io.vouch.identity.internal.stage;

import io.vouch.identity.IdentityConfig;
import io.vouch.identity.Rfc4474;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.rfc4474.Rfc4474Verifier;
import io.vouch.identity.internal.sign.SigningOrigin;
import io.vouch.identity.internal.sign.StirAuthenticator;
import io.vouch.identity.internal.verify.IdentityVerifier;
import io.vouch.identity.internal.verify.StirError;
import io.vouch.identity.internal.verify.Verification;
import io.vouch.identity.internal.verify.VerificationFailure;
import io.vouch.identity.internal.verify.VerificationRequest;
import io.vouch.identity.internal.verify.Verstat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vouch.identity.internal.passport.MkyClaims;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.SipEvent;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.sip.SipStageHandler;
import io.vouch.runtime.sip.StageReplies;
import io.vouch.runtime.sip.StageRequest;
import io.vouch.sdp.Mky;
import io.vouch.sip.SipDate;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import io.vouch.sip.SipUri;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity stage on {@code vouch.sip.identity}, a redirect server as carriers deploy STIR (RFC 8224 §6): an
 * INVITE carrying Identity is verified and answered {@code 302} with {@code verstat} on P-Asserted-Identity or
 * with the RFC 8224 §6.2.2 error; an INVITE without one from an authenticated user or trusted peer is signed
 * and answered {@code 302} with the Identity header(s); anything else gets 428 (verification required) or 403.
 * Crypto runs on the given worker executor, never on the event loop.
 */
public final class IdentityHandler extends SipStageHandler {
    /** The stage name written in replies. */
    public static final String STAGE = "identity";
    /** Warm-up rehearsals allowed to wait on the crypto pool at once. */
    private static final int REHEARSALS_IN_FLIGHT = 4;
    private static final Logger LOG = LoggerFactory.getLogger(IdentityHandler.class);

    private final IdentityConfig config;
    private final Optional<StirAuthenticator> authenticator;
    private final IdentityVerifier verifier;
    private final Optional<Rfc4474Signer> legacySigner;
    private final Optional<Rfc4474Verifier> legacyVerifier;
    private final Executor crypto;
    private final IdentityMetrics metrics;
    private final Clock clock;
    private IdentityRehearsal rehearsal; // made on the first warm-up record (a key pair), on the stage's thread
    private final AtomicInteger rehearsing = new AtomicInteger();

    /** A loaded RFC 4474 signing key and the URL of its certificate. */
    public record Rfc4474Signer(java.security.PrivateKey key, String infoUrl) {
    }

    public IdentityHandler(IdentityConfig config, Optional<StirAuthenticator> authenticator, IdentityVerifier verifier,
                           Optional<Rfc4474Signer> legacySigner, Optional<Rfc4474Verifier> legacyVerifier,
                           Executor crypto, IdentityMetrics metrics, Clock clock) {
        super(STAGE, clock);
        this.config = Objects.requireNonNull(config, "config");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.legacySigner = Objects.requireNonNull(legacySigner, "legacySigner");
        this.legacyVerifier = Objects.requireNonNull(legacyVerifier, "legacyVerifier");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected Future<List<Outcome>> onRequest(StageRequest request) {
        SipEvent event = request.event();
        SipRequest req = request.request();
        if (!req.is("INVITE")) {
            return reply(event, req, StageReplies.response(req, 405, "Method Not Allowed")
                    .header("Allow", "INVITE").build());
        }
        SipView view = SipView.of(req, config.tn());
        if (config.rfc4474().enabled() && req.headers().first("Identity-Info").isPresent()) {
            return await(verifyLegacy(req, view)).map(v -> verified(event, req, view, v));
        }
        if (!req.identities().isEmpty()) {
            VerificationRequest vr = new VerificationRequest(req.identities(), view.origTn(), view.origUri(),
                    view.destTns(), view.date(), req.callId());
            return await(verifier.verify(vr)).map(v -> verified(event, req, view, v));
        }
        Optional<SigningOrigin> origin = origin(event);
        if (origin.isEmpty()) {
            Verification v = config.verifier().requireIdentity()
                    ? new Verification.Failed(VerificationFailure.MISSING, "no Identity header")
                    : new Verification.Absent();
            metrics.verified(v.resultTag(), v.reasonTag());
            if (v instanceof Verification.Failed f) {
                return reply(event, req, error(event, req, f.failure().error()));
            }
            return reply(event, req, StageReplies.response(req, 403, "Forbidden")
                    .header("Reason", "SIP;cause=403;text=\"Not authenticated for signing\"").build());
        }
        return sign(event, req, view, origin.get());
    }

    private Future<List<Outcome>> sign(SipEvent event, SipRequest req, SipView view, SigningOrigin origin) {
        if (legacySigner.isPresent()) {
            Rfc4474Signer s = legacySigner.get();
            String date = req.headers().first("Date").orElseGet(() ->
                    SipDate.format(clock.instant()));
            return onCrypto(() -> Rfc4474.sign(parts(req, date), s.key()))
                    .map(identity -> {
                        metrics.signedLegacy();
                        return List.of(reply(event, StageReplies.response(req, 302, "Moved Temporarily")
                                .header("Contact", "<" + req.requestUriText() + ">")
                                .header("Date", date).header("Identity", identity)
                                .header("Identity-Info", Rfc4474.identityInfo(s.infoUrl())).build()));
                    });
        }
        if (authenticator.isEmpty()) {
            return refuse(event, req, "no_key", 500, "No Signing Key Configured");
        }
        if (view.origTn().isEmpty()) {
            return refuse(event, req, "orig_not_tn", 403, "Calling Identity Is Not A Telephone Number");
        }
        if (view.destTns().isEmpty()) {
            return refuse(event, req, "dest_not_tn", 403, "Called Identity Is Not A Telephone Number");
        }
        Map<String, Object> extra = new java.util.LinkedHashMap<>(origin.customer().map(config.rcd()::get)
                .<Map<String, Object>>map(r -> Map.of("rcd", r)).orElse(Map.of()));
        if (config.signMky()) {
            MkyClaims.forSigning(event).ifPresent(mky -> extra.put(MkyClaims.KEY, mky));
        }
        StirAuthenticator.Request sr = new StirAuthenticator.Request(origin, view.origTn().get(), view.destTns(),
                view.divertedFromTn(), false, extra);
        return onCrypto(() -> authenticator.get().sign(sr)).compose(result ->
                switch (result) {
                    case StirAuthenticator.Refused r -> refuse(event, req, r.reason(), 500, "Cannot Sign");
                    case StirAuthenticator.Signed s -> {
                        metrics.signed(s.attest());
                        SipResponse.Builder b = StageReplies.response(req, 302, "Moved Temporarily")
                                .header("Contact", "<" + req.requestUriText() + ">");
                        for (IdentityHeader h : s.headers()) {
                            b.header("Identity", h.format());
                        }
                        yield reply(event, req, b.build());
                    }
                });
    }

    private Future<List<Outcome>> refuse(SipEvent event, SipRequest req, String reason, int status, String phrase) {
        metrics.signRefused(reason);
        return reply(event, req, StageReplies.response(req, status, phrase).build());
    }

    private List<Outcome> verified(SipEvent event, SipRequest req, SipView view, Verification verdict) {
        Verification v = checkMky(verdict, req, true);
        metrics.verified(v.resultTag(), v.reasonTag());
        return List.of(reply(event, verifiedResponse(event, req, view, v)));
    }

    /** A passed verdict whose PASSporTs' {@code mky} does not match the SDP fails (counted when {@code count}). */
    private Verification checkMky(Verification verdict, SipRequest req, boolean count) {
        if (verdict instanceof Verification.Passed passed) {
            Mky.Check mky = MkyClaims.check(passed.passports(), req);
            if (count) {
                metrics.mkyChecked(MkyClaims.tag(mky));
            }
            if (mky instanceof Mky.Check.Mismatch m) {
                return new Verification.Failed(VerificationFailure.MKY_MISMATCH, "mky does not match the SDP fingerprints ("
                        + m.onlyInPassport().size() + " only signed, " + m.onlyInSdp().size() + " only in SDP)");
            }
        }
        return verdict;
    }

    /** The answer to a verified INVITE: 302 with verstat, or the RFC 8224 error when failures are rejected. */
    private SipResponse verifiedResponse(SipEvent event, SipRequest req, SipView view, Verification v) {
        Verstat verstat = switch (v) {
            case Verification.Passed passed -> Verstat.TN_VALIDATION_PASSED;
            case Verification.Absent absent -> Verstat.NO_TN_VALIDATION;
            case Verification.Failed f -> {
                if (config.failureMode() == IdentityConfig.FailureMode.REJECT) {
                    yield null;
                }
                yield f.failure().softVerstat();
            }
        };
        if (verstat == null) {
            return error(event, req, ((Verification.Failed) v).failure().error());
        }
        SipResponse.Builder b = StageReplies.response(req, 302, "Moved Temporarily")
                .header("Contact", "<" + req.requestUriText() + ">")
                .header("P-Asserted-Identity", "<" + SipView.withVerstat(view.origAddress(), verstat.value()) + ">");
        if (v instanceof Verification.Failed f) {
            b.header("Reason", f.failure().error().reasonHeader());
        }
        return b.build();
    }

    /**
     * The warm-up record's rehearsal ({@link io.vouch.runtime.StageHandler#warmUp}), on the crypto pool like the real
     * work: see {@link #rehearse}. At most {@value #REHEARSALS_IN_FLIGHT} wait there at a time (the others are
     * skipped), so the pool is all but empty when the first real call arrives.
     */
    @Override
    protected void onWarmUp(StageRequest request) {
        if (rehearsal == null) {
            rehearsal = new IdentityRehearsal();
        }
        if (rehearsing.get() >= REHEARSALS_IN_FLIGHT) {
            return;
        }
        IdentityRehearsal r = rehearsal;
        rehearsing.incrementAndGet();
        try {
            crypto.execute(() -> {
                try {
                    rehearse(r, request.event());
                } catch (RuntimeException e) {
                    LOG.debug("warm-up rehearsal failed: {}", e.toString()); // an optimisation only
                } finally {
                    rehearsing.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            rehearsing.decrementAndGet();
        }
    }

    /**
     * Runs a synthetic signed INVITE through verification (against the rehearsal's key instead of a fetched
     * certificate) and the encoding of its 302, and, with a signing key loaded, signs a synthetic request: the per-call
     * code is compiled before the first real call. Nothing is counted, cached (replay cache included) or produced.
     *
     * @return the 302 the verification answered
     */
    SipResponse rehearse(IdentityRehearsal r, SipEvent event) {
        SipRequest invite = r.invite(clock.instant());
        SipView view = SipView.of(invite, config.tn());
        Verification v = verifier.rehearse(new VerificationRequest(invite.identities(), view.origTn(), view.origUri(),
                view.destTns(), view.date(), invite.callId()), r.publicKey(), r.tnAuthList());
        SipResponse response = verifiedResponse(event, invite, view, checkMky(v, invite, false));
        replies().reply(event, response);
        authenticator.ifPresent(a -> a.sign(new StirAuthenticator.Request(SigningOrigin.peer(Optional.empty()),
                IdentityRehearsal.ORIG_TN, List.of(IdentityRehearsal.DEST_TN), Optional.empty(), false, Map.of())));
        return response;
    }

    private static SipResponse error(SipEvent event, SipRequest req, StirError e) {
        return StageReplies.response(req, e.status(), e.reasonPhrase())
                .header("Reason", e.reasonHeader()).build();
    }

    private CompletableFuture<Verification> verifyLegacy(SipRequest req, SipView view) {
        if (legacyVerifier.isEmpty()) {
            return CompletableFuture.completedFuture(new Verification.Failed(VerificationFailure.UNSUPPORTED_ALG,
                    "RFC 4474 verification not configured"));
        }
        String date = req.headers().first("Date").orElse("");
        String host = req.from().uri() instanceof SipUri s ? s.host() : "";
        return legacyVerifier.get().verify(new Rfc4474Verifier.Request(parts(req, date), host,
                req.headers().first("Identity").orElse(""), req.headers().first("Identity-Info").orElse(""),
                view.date(), req.callId()));
    }

    /** The RFC 4474 §9 parts of a request, with the Date value to sign. */
    static Rfc4474.Parts parts(SipRequest req, String date) {
        String contact = req.contacts().isEmpty() ? "" : String.valueOf(req.contacts().getFirst().uri());
        return new Rfc4474.Parts(req.from().uri().toString(), req.to().uri().toString(), req.callId(),
                req.cseq().sequence(), req.cseq().method(), date, contact, req.body());
    }

    /**
     * Who vouches for an unsigned INVITE: the auth stage's assertion, else the flow's mutual-TLS peer, else a trusted
     * source address.
     */
    Optional<SigningOrigin> origin(SipEvent event) {
        return vouchedBy(event).map(a -> switch (a.getMethod()) {
            case DIGEST_USER -> new SigningOrigin(SigningOrigin.Kind.AUTHENTICATED_USER,
                    Optional.of(config.userCustomers().getOrDefault(a.getIdentity(), a.getIdentity())));
            default -> SigningOrigin.peer(Optional.ofNullable(config.peerCustomers().get(a.getIdentity())));
        });
    }

    private Optional<AuthAssertion> vouchedBy(SipEvent event) {
        Optional<AuthAssertion> asserted = AuthAssertions.of(event);
        if (asserted.isPresent()) {
            return asserted;
        }
        String peer = event.getFlow().getPeerIdentity();
        if (!peer.isEmpty()) {
            return Optional.of(AuthAssertions.mtlsPeer(peer));
        }
        String source = event.getFlow().getRemoteHost();
        if (!source.isEmpty() && config.trustedSources().contains(source)) {
            return Optional.of(AuthAssertions.trustedSource(source));
        }
        return Optional.empty();
    }

    /** Runs crypto on the worker pool; a saturated pool fails retriably so the stage backs off and retries. */
    private <T> Future<T> onCrypto(java.util.function.Supplier<T> work) {
        try {
            return await(CompletableFuture.supplyAsync(work, crypto));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return Future.failedFuture(new io.vouch.runtime.RetriableStageException("crypto pool saturated", e));
        }
    }

    private <T> Future<T> await(CompletionStage<T> stage) {
        Context ctx = Vertx.currentContext();
        Future<T> f = ctx == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, ctx);
        return f.recover(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            return Future.failedFuture(cause instanceof java.util.concurrent.RejectedExecutionException
                    ? new io.vouch.runtime.RetriableStageException("crypto pool saturated", cause) : cause);
        });
    }

    private Future<List<Outcome>> reply(SipEvent event, SipRequest req, SipResponse response) {
        return Future.succeededFuture(List.of(reply(event, response)));
    }

    private Outcome reply(SipEvent event, SipResponse response) {
        return replies().reply(event, response);
    }
}
