package io.vouch.identity.internal.rfc4474;

import io.vouch.identity.Rfc4474;
import io.vouch.identity.internal.fetch.CertificateFetcher;
import io.vouch.identity.internal.verify.Verification;
import io.vouch.identity.internal.verify.VerificationFailure;
import io.vouch.identity.internal.verify.ReplayCache;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Verifies legacy RFC 4474 identity (§6.2): Identity-Info names an https certificate whose subjectAltName covers
 * the From domain, Date is fresh, the {@code rsa-sha256} signature over the §9 digest string verifies, and the
 * signature was not used by another call. Failures map to the same outcomes as STIR (403, 428, 436, 437, 438).
 */
public final class Rfc4474Verifier {
    private final CertificateFetcher fetcher;
    private final Executor executor;
    private final Clock clock;
    private final Duration freshness;
    private final ReplayCache replays;

    /** The request as RFC 4474 sees it: the §9 parts, the From host, the two headers, and the Date instant. */
    public record Request(Rfc4474.Parts parts, String fromHost, String identity, String identityInfo,
                          Optional<Instant> date, String callKey) {
        public Request {
            Objects.requireNonNull(parts, "parts");
            Objects.requireNonNull(fromHost, "fromHost");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(identityInfo, "identityInfo");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(callKey, "callKey");
        }
    }

    public Rfc4474Verifier(CertificateFetcher fetcher, Executor executor, Clock clock, Duration freshness,
                           int replayEntries) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.replays = new ReplayCache(replayEntries);
    }

    public CompletableFuture<Verification> verify(Request req) {
        String info = req.identityInfo().strip();
        if (!info.startsWith("<") || info.indexOf('>') < 0) {
            return done(VerificationFailure.NO_INFO, "Identity-Info is not <url>;alg=...");
        }
        String url = info.substring(1, info.indexOf('>'));
        String params = info.substring(info.indexOf('>') + 1).toLowerCase(Locale.ROOT).replace(" ", "");
        if (!params.contains("alg=" + Rfc4474.ALG)) {
            return done(VerificationFailure.UNSUPPORTED_ALG, "only alg=rsa-sha256 is accepted");
        }
        if (req.date().isEmpty()) {
            return done(VerificationFailure.STALE, "no Date header");
        }
        Instant now = clock.instant();
        if (Duration.between(req.date().get(), now).abs().compareTo(freshness) > 0) {
            return done(VerificationFailure.STALE, "Date outside the freshness window");
        }
        return fetcher.fetch(url, CertificateFetcher.Profile.RFC4474).thenApplyAsync(result -> switch (result) {
            case CertificateFetcher.Failed f -> (Verification) new Verification.Failed(f.failure(), f.detail());
            case CertificateFetcher.Fetched f -> check(req, f.certificate().endEntity());
        }, executor).exceptionally(e -> new Verification.Failed(VerificationFailure.FETCH_FAILED, e.toString()));
    }

    private Verification check(Request req, X509Certificate cert) {
        if (!coversDomain(cert, req.fromHost())) {
            return new Verification.Failed(VerificationFailure.TN_NOT_AUTHORIZED,
                    "certificate does not cover the From domain");
        }
        if (!Rfc4474.verify(req.parts(), req.identity(), cert.getPublicKey())) {
            return new Verification.Failed(VerificationFailure.SIGNATURE, "rsa-sha256 signature does not verify");
        }
        Instant now = clock.instant();
        if (!replays.firstUse(req.identity(), req.callKey(), now, req.date().orElse(now).plus(freshness))) {
            return new Verification.Failed(VerificationFailure.REPLAY, "signature already used by another call");
        }
        return new Verification.Passed(List.of(), Optional.empty());
    }

    /** RFC 4474 §6.2 step 1: a dNSName or URI subjectAltName naming the From host. */
    static boolean coversDomain(X509Certificate cert, String host) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return false;
            }
            String h = host.toLowerCase(Locale.ROOT);
            for (List<?> san : sans) {
                Object type = san.get(0);
                String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                if (Integer.valueOf(2).equals(type) && value.equals(h)) {
                    return true;
                }
                if (Integer.valueOf(6).equals(type) && (value.equals("sip:" + h) || value.endsWith("@" + h))) {
                    return true;
                }
            }
            return false;
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static CompletableFuture<Verification> done(VerificationFailure f, String detail) {
        return CompletableFuture.completedFuture(new Verification.Failed(f, detail));
    }
}
