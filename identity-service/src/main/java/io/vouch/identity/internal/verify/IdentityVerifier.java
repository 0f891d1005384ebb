package io.vouch.identity.internal.verify;

import io.vouch.identity.TnAuthList;
import io.vouch.identity.internal.fetch.CertificateFetcher;
import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.PartyId;
import io.vouch.identity.internal.passport.Passport;
import io.vouch.identity.internal.passport.PassportClaims;
import io.vouch.identity.internal.passport.PassportHeader;
import io.vouch.identity.internal.passport.PassportToken;
import io.vouch.identity.internal.crypto.CryptoProviderChoice;
import io.vouch.identity.internal.crypto.CryptoProviderChoice.Operation;
import io.vouch.identity.internal.crypto.Es256;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;

/**
 * The STIR verification service (RFC 8224 §6.2, SHAKEN RFC 8588, diversion RFC 8946): reads each Identity
 * header, rebuilds compact-form PASSporTs from the request, checks algorithm, extension, freshness and orig/dest
 * against the message, fetches and validates the certificate, checks the signature and the TNAuthList, and
 * rejects replays. Signature checks run on the given executor, never on the caller's thread; the returned future
 * completes exceptionally only with a {@link RejectedExecutionException} when that executor is saturated.
 */
public final class IdentityVerifier {
    private final VerifierConfig config;
    private final CertificateFetcher fetcher;
    private final Executor executor;
    private final Clock clock;
    private final Es256 es256;
    private final ReplayCache replays;

    /** Per-header result before the headers are combined. */
    private sealed interface Checked permits Good, Bad {
    }

    private record Good(PassportToken token, boolean destMatches) implements Checked {
    }

    private record Bad(VerificationFailure failure, String detail) implements Checked {
    }

    public IdentityVerifier(VerifierConfig config, CertificateFetcher fetcher, Executor executor, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.es256 = new Es256(CryptoProviderChoice.resolve(config.provider(), Operation.VERIFY).chosen().provider());
        this.replays = new ReplayCache(config.replayEntries());
    }

    public CompletableFuture<Verification> verify(VerificationRequest req) {
        if (req.identityHeaders().isEmpty()) {
            return CompletableFuture.completedFuture(config.requireIdentity()
                    ? new Verification.Failed(VerificationFailure.MISSING, "no Identity header")
                    : new Verification.Absent());
        }
        List<String> headers = req.identityHeaders();
        if (headers.size() > config.maxIdentityHeaders()) {
            headers = headers.subList(0, config.maxIdentityHeaders());
        }
        List<CompletableFuture<Checked>> checks = new ArrayList<>(headers.size());
        for (String h : headers) {
            checks.add(checkOne(h, req));
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> combine(checks.stream().map(CompletableFuture::join).toList(), req, true));
    }

    private static Throwable rootCause(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Runs every per-call step of {@link #verify} (header and token parsing, claims, ES256, TNAuthList, destination,
     * combination) on the calling thread against {@code key} and {@code auth} instead of a fetched certificate, and
     * enters nothing in the replay cache: a rehearsal for the JIT before traffic arrives (call it off the event loop).
     */
    public Verification rehearse(VerificationRequest req, PublicKey key, TnAuthList auth) {
        List<Checked> checked = new ArrayList<>(req.identityHeaders().size());
        for (String h : req.identityHeaders()) {
            checked.add(switch (readAndCheckClaims(h, req)) {
                case Good g -> checkSigned(g.token(), key, auth, req);
                case Bad b -> b;
            });
        }
        return combine(checked, req, false);
    }

    /** Everything before the certificate: header, token and claims (a {@link Good} carries the token). */
    private Checked readAndCheckClaims(String value, VerificationRequest req) {
        return switch (IdentityHeader.parse(value)) {
            case IdentityHeader.Malformed m -> new Bad(VerificationFailure.MALFORMED, m.reason());
            case IdentityHeader.Parsed p -> switch (readToken(p.header(), req)) {
                case Bad b -> b;
                case Good g -> checkClaims(g.token(), req).<Checked>map(b -> b).orElse(g);
            };
        };
    }

    private CompletableFuture<Checked> checkOne(String value, VerificationRequest req) {
        Checked read = readAndCheckClaims(value, req);
        if (!(read instanceof Good good)) {
            return CompletableFuture.completedFuture(read);
        }
        PassportToken t = good.token();
        String x5u = t.passport().header().x5u();
        return fetcher.fetch(x5u)
                .thenComposeAsync(cert -> {
                    Checked first = check(t, cert, req);
                    if (!(first instanceof Bad b && b.failure() == VerificationFailure.SIGNATURE)) {
                        return CompletableFuture.completedFuture(first);
                    }
                    // the signer may have rotated its key behind the same URL: look once more
                    return fetcher.revalidate(x5u, cert)
                            .map(f -> f.thenApplyAsync(again -> again == cert ? first : check(t, again, req), executor))
                            .orElse(CompletableFuture.completedFuture(first));
                }, executor)
                .exceptionally(e -> {
                    if (rootCause(e) instanceof RejectedExecutionException rejected) {
                        throw new CompletionException(rejected); // overload, not the caller's fault: retry later
                    }
                    return new Bad(VerificationFailure.FETCH_FAILED, "verification: " + e);
                });
    }

    private Checked check(PassportToken t, CertificateFetcher.Result result, VerificationRequest req) {
        return switch (result) {
            case CertificateFetcher.Failed f -> new Bad(f.failure(), f.detail());
            case CertificateFetcher.Fetched f -> checkSigned(t, f.certificate().publicKey(),
                    f.certificate().tnAuthList(), req);
        };
    }

    /** Header parameters and the token itself: everything that needs neither network nor crypto. */
    private Checked readToken(IdentityHeader h, VerificationRequest req) {
        Optional<String> ppt = h.ppt();
        if (ppt.isPresent() && !ppt.get().equals(PassportHeader.PPT_SHAKEN) && !ppt.get().equals(PassportHeader.PPT_DIV)) {
            return new Bad(VerificationFailure.UNSUPPORTED_PPT, "ppt=" + ppt.get());
        }
        if (h.alg().isPresent() && !h.alg().get().equals(PassportHeader.ES256)) {
            return new Bad(VerificationFailure.UNSUPPORTED_ALG, "alg=" + h.alg().get());
        }
        if (h.info().isEmpty() || h.info().get().isBlank()) {
            return new Bad(VerificationFailure.NO_INFO, "no info parameter");
        }
        PassportToken.Parse parse;
        if (h.isCompact()) {
            if (ppt.isPresent()) {
                return new Bad(VerificationFailure.MALFORMED, "compact form cannot carry ppt=" + ppt.get());
            }
            Optional<Passport> rebuilt = rebuild(h, req);
            if (rebuilt.isEmpty()) {
                return new Bad(VerificationFailure.MALFORMED, "compact form needs Date, orig and dest in the request");
            }
            parse = PassportToken.parseCompact(h.token(), rebuilt.get());
        } else {
            parse = PassportToken.parseFull(h.token());
        }
        return switch (parse) {
            case PassportToken.Malformed m -> new Bad(VerificationFailure.MALFORMED, m.reason());
            case PassportToken.Parsed p -> checkHeader(p.token(), h);
        };
    }

    private static Checked checkHeader(PassportToken t, IdentityHeader h) {
        PassportHeader ph = t.passport().header();
        if (!PassportHeader.ES256.equals(ph.alg())) {
            return new Bad(VerificationFailure.UNSUPPORTED_ALG, "alg=" + ph.alg());
        }
        if (!PassportHeader.TYP.equals(ph.typ())) {
            return new Bad(VerificationFailure.MALFORMED, "typ is not passport");
        }
        if (!ph.ppt().equals(h.ppt()) && h.ppt().isPresent()) {
            return new Bad(VerificationFailure.MALFORMED, "ppt parameter and PASSporT header differ");
        }
        if (ph.ppt().isPresent() && !ph.ppt().get().equals(PassportHeader.PPT_SHAKEN)
                && !ph.ppt().get().equals(PassportHeader.PPT_DIV)) {
            return new Bad(VerificationFailure.UNSUPPORTED_PPT, "ppt=" + ph.ppt().get());
        }
        if (!ph.x5u().equals(h.info().orElse(""))) {
            return new Bad(VerificationFailure.NO_INFO, "x5u differs from info");
        }
        PassportClaims c = t.passport().claims();
        if (ph.ppt().equals(Optional.of(PassportHeader.PPT_SHAKEN)) && (c.attest().isEmpty() || c.origid().isEmpty())) {
            return new Bad(VerificationFailure.MALFORMED, "shaken PASSporT without attest or origid");
        }
        if (ph.ppt().equals(Optional.of(PassportHeader.PPT_DIV)) && c.div().isEmpty()) {
            return new Bad(VerificationFailure.MALFORMED, "div PASSporT without div claim");
        }
        return new Good(t, false);
    }

    /** RFC 8225 §7: the compact form's header and claims come from the request. */
    private static Optional<Passport> rebuild(IdentityHeader h, VerificationRequest req) {
        if (req.date().isEmpty() || req.destTns().isEmpty()) {
            return Optional.empty();
        }
        PartyId orig;
        if (req.origTn().isPresent()) {
            orig = new PartyId.Tn(req.origTn().get());
        } else if (req.origUri().isPresent()) {
            orig = new PartyId.Uri(req.origUri().get());
        } else {
            return Optional.empty();
        }
        List<PartyId> dest = req.destTns().stream().map(t -> (PartyId) new PartyId.Tn(t)).toList();
        PassportClaims claims = new PassportClaims(orig, dest, req.date().get().getEpochSecond(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of());
        return Optional.of(new Passport(new PassportHeader(h.alg().orElse(PassportHeader.ES256), PassportHeader.TYP,
                Optional.empty(), h.info().get()), claims));
    }

    /** Freshness and originating identity; destination is matched later because a diversion may explain it. */
    private Optional<Bad> checkClaims(PassportToken t, VerificationRequest req) {
        PassportClaims c = t.passport().claims();
        Instant now = clock.instant();
        Duration age = Duration.between(Instant.ofEpochSecond(c.iat()), now).abs();
        if (age.compareTo(config.freshness()) > 0) {
            return Optional.of(new Bad(VerificationFailure.STALE, "iat is " + age.toSeconds() + " s away"));
        }
        if (req.date().isPresent()
                && Duration.between(req.date().get(), now).abs().compareTo(config.freshness()) > 0) {
            return Optional.of(new Bad(VerificationFailure.STALE, "Date header outside the freshness window"));
        }
        boolean origOk = switch (c.orig()) {
            case PartyId.Tn tn -> req.origTn().map(tn.value()::equals).orElse(false);
            case PartyId.Uri uri -> req.origUri().map(uri.value()::equalsIgnoreCase).orElse(false);
        };
        if (!origOk) {
            return Optional.of(new Bad(VerificationFailure.ORIG_MISMATCH, "orig does not match the request"));
        }
        return Optional.empty();
    }

    /** Runs on the executor: signature, then TNAuthList coverage, then destination. */
    private Checked checkSigned(PassportToken t, PublicKey key, TnAuthList auth, VerificationRequest req) {
        if (!es256.verify(key, t.signingInput(), t.signature())) {
            return new Bad(VerificationFailure.SIGNATURE, "ES256 signature does not verify");
        }
        boolean authorized = switch (t.passport().claims().orig()) {
            case PartyId.Tn tn -> auth.coversTn(tn.value()) || spcAccepted(auth);
            case PartyId.Uri uri -> spcAccepted(auth);
        };
        if (!authorized) {
            return new Bad(VerificationFailure.TN_NOT_AUTHORIZED, "certificate does not cover the calling number");
        }
        boolean destOk = false;
        for (String d : t.passport().claims().destTns()) {
            destOk |= req.destTns().contains(d);
        }
        return new Good(t, destOk);
    }

    private boolean spcAccepted(TnAuthList auth) {
        if (auth.spcs().isEmpty()) {
            return false;
        }
        if (config.acceptedSpcs().isEmpty()) {
            return true;
        }
        return auth.spcs().stream().anyMatch(config.acceptedSpcs()::contains);
    }

    /** The verdict over every header's result; {@code recordUse}: enter the passing signatures in the replay cache. */
    private Verification combine(List<Checked> checked, VerificationRequest req, boolean recordUse) {
        List<PassportToken> passing = new ArrayList<>();
        List<Good> divs = checked.stream().filter(c -> c instanceof Good g && isDiv(g.token()) && g.destMatches())
                .map(c -> (Good) c).toList();
        Bad firstBad = null;
        for (Checked c : checked) {
            switch (c) {
                case Good g when g.destMatches() -> passing.add(g.token());
                case Good g -> {
                    Optional<Good> link = divs.stream().filter(d -> explains(d.token(), g.token())).findFirst();
                    if (link.isPresent()) {
                        passing.add(g.token());
                    } else if (firstBad == null) {
                        firstBad = new Bad(VerificationFailure.DEST_MISMATCH, "dest does not match the request");
                    }
                }
                case Bad b -> {
                    if (firstBad == null) {
                        firstBad = b;
                    }
                }
            }
        }
        if (passing.isEmpty()) {
            Bad b = firstBad == null ? new Bad(VerificationFailure.MALFORMED, "nothing verifiable") : firstBad;
            return new Verification.Failed(b.failure(), b.detail());
        }
        Instant now = clock.instant();
        for (PassportToken t : recordUse ? passing : List.<PassportToken>of()) {
            Instant expires = Instant.ofEpochSecond(t.passport().claims().iat()).plus(config.freshness()).plusSeconds(1);
            if (!replays.firstUse(t.signature64(), req.callKey(), now, expires.isAfter(now) ? expires : now.plusSeconds(1))) {
                return new Verification.Failed(VerificationFailure.REPLAY, "signature already used by another call");
            }
        }
        Optional<Attestation> attest = passing.stream().map(t -> t.passport().claims().attest())
                .flatMap(Optional::stream).findFirst();
        return new Verification.Passed(passing.stream().map(PassportToken::passport).toList(), attest);
    }

    private static boolean isDiv(PassportToken t) {
        return t.passport().header().ppt().equals(Optional.of(PassportHeader.PPT_DIV));
    }

    /** RFC 8946 §5: a div PASSporT from the same caller whose {@code div} is the earlier destination. */
    private static boolean explains(PassportToken div, PassportToken original) {
        PassportClaims d = div.passport().claims();
        PassportClaims o = original.passport().claims();
        return d.orig().equals(o.orig()) && d.div().isPresent() && o.dest().contains(d.div().get());
    }
}
