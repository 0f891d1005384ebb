package io.vouch.identity.internal.fetch;

import io.vouch.identity.TnAuthList;
import io.vouch.identity.internal.stage.IdentityMetrics;
import io.vouch.identity.internal.verify.VerificationFailure;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLContext;

/**
 * Fetches and validates the certificate named by an Identity header's {@code info} (RFC 8224 §7.3, RFC 8226 §10):
 * https only, SSRF-guarded, size- and time-bounded; the validated chain is cached for the lifetime the server's
 * caching headers allow (capped, and never past the chain's {@code notAfter}); failures are cached briefly; and
 * concurrent requests for one URL share a single fetch.
 */
public final class CertificateFetcher {
    private final CertFetchConfig config;
    private final ChainValidator validator;
    private final Ssrf ssrf;
    private final HttpsGet http;
    private final Executor executor;
    private final Clock clock;
    private final IdentityMetrics metrics;
    private final Map<String, CompletableFuture<Result>> inflight = new ConcurrentHashMap<>();
    private final Map<String, CacheEntry> cache;

    /** A validated certificate, or the failure to report. */
    public sealed interface Result permits Fetched, Failed {
    }

    public record Fetched(StirCertificate certificate) implements Result {
    }

    public record Failed(VerificationFailure failure, String detail) implements Result {
    }

    private record CacheEntry(Result result, Instant stored, Instant expires) {
    }

    /** The least age of a cached certificate before {@link #revalidate} fetches it again. */
    public static final Duration REVALIDATE_MIN_AGE = Duration.ofSeconds(30);

    /**
     * @param tls      trust for the HTTPS servers that publish certificates (not the STI-CA anchors)
     * @param executor where blocking fetches run (a bounded worker pool)
     */
    public CertificateFetcher(CertFetchConfig config, ChainValidator validator, SSLContext tls, Executor executor,
                              Clock clock, IdentityMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ssrf = new Ssrf(config.allowHosts(), config.denyHosts(),
                config.allowCidrs().stream().map(Cidr::parse).toList(),
                config.denyCidrs().stream().map(Cidr::parse).toList(), config.allowLoopback());
        this.http = new HttpsGet(tls, config.connectTimeout(), config.readTimeout(), config.maxBytes());
        int max = config.cacheMaxEntries();
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CacheEntry> eldest) {
                return size() > max;
            }
        });
    }

    /** Which checks a fetched chain must pass beyond PKIX validation. */
    public enum Profile {
        /** RFC 8226/SHAKEN: TNAuthList and a P-256 key. */
        STIR,
        /** RFC 4474: any key; the caller checks the subjectAltName against the From domain. */
        RFC4474
    }

    /** The validated STIR certificate at {@code url}, from cache when fresh. Never completes exceptionally. */
    public CompletableFuture<Result> fetch(String url) {
        return fetch(url, Profile.STIR);
    }

    /** The validated certificate at {@code url} for a profile, from cache when fresh. */
    public CompletableFuture<Result> fetch(String rawUrl, Profile profile) {
        String url = profile == Profile.STIR ? rawUrl : profile + " " + rawUrl;
        Instant now = clock.instant();
        CacheEntry e = cache.get(url);
        if (e != null && now.isBefore(e.expires())) {
            metrics.cache(true);
            if (e.result() instanceof Fetched f && !now.isBefore(f.certificate().notAfter())) {
                return CompletableFuture.completedFuture(new Failed(VerificationFailure.EXPIRED, "cached chain expired"));
            }
            return CompletableFuture.completedFuture(e.result());
        }
        metrics.cache(false);
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> running = inflight.putIfAbsent(url, mine);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> complete(url, rawUrl, profile, mine));
        } catch (RejectedExecutionException rejected) {
            inflight.remove(url, mine);
            mine.complete(new Failed(VerificationFailure.FETCH_FAILED, "fetch pool saturated"));
        }
        return mine;
    }

    /**
     * The certificate to check a signature against once more, after it failed under {@code checked} (the result this
     * call used), because the signer may have rotated its key behind the same URL. A refetch already under way is
     * joined, and a cached result newer than {@code checked} is returned as is: the calls that were checked against
     * the old certificate while the first of them refetched all get the new one, not a failure. Otherwise {@code url}
     * is fetched again when its cached certificate is at least {@link #REVALIDATE_MIN_AGE} old. Empty when the cached
     * entry is {@code checked} and younger (or absent): bad signatures can then drive neither refetches nor a second
     * signature check.
     */
    public Optional<CompletableFuture<Result>> revalidate(String url, Result checked) {
        CompletableFuture<Result> running = inflight.get(url);
        if (running != null) {
            return Optional.of(running);
        }
        CacheEntry e = cache.get(url);
        if (e == null) {
            return Optional.empty();
        }
        if (e.result() != checked) {
            return Optional.of(fetch(url));
        }
        if (Duration.between(e.stored(), clock.instant()).compareTo(REVALIDATE_MIN_AGE) < 0) {
            return Optional.empty();
        }
        cache.remove(url, e);
        return Optional.of(fetch(url));
    }

    /** Number of cached URLs (positive and negative). */
    public int cachedEntries() {
        return cache.size();
    }

    /** Drops every cached result. */
    public void invalidateAll() {
        cache.clear();
    }

    private void complete(String url, String rawUrl, Profile profile, CompletableFuture<Result> mine) {
        long start = System.nanoTime();
        Result r;
        Duration ttl;
        try {
            Loaded loaded = load(rawUrl, profile);
            r = loaded.result();
            ttl = loaded.ttl();
        } catch (RuntimeException unexpected) {
            r = new Failed(VerificationFailure.FETCH_FAILED, unexpected.getClass().getSimpleName());
            ttl = config.negativeTtl();
        }
        metrics.fetched(r instanceof Fetched, Duration.ofNanos(System.nanoTime() - start));
        if (!ttl.isZero() && !ttl.isNegative()) {
            cache.put(url, new CacheEntry(r, clock.instant(), clock.instant().plus(ttl)));
        }
        inflight.remove(url, mine);
        mine.complete(r);
    }

    private record Loaded(Result result, Duration ttl) {
    }

    private Loaded failed(VerificationFailure f, String detail) {
        return new Loaded(new Failed(f, detail), config.negativeTtl());
    }

    private Loaded load(String url, Profile profile) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return failed(VerificationFailure.INFO_REFUSED, "invalid URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return failed(VerificationFailure.INFO_REFUSED, "only https URLs without user info are fetched");
        }
        String host = uri.getHost();
        Optional<String> hostRefused = ssrf.checkHost(host);
        if (hostRefused.isPresent()) {
            return failed(VerificationFailure.INFO_REFUSED, hostRefused.get());
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return failed(VerificationFailure.FETCH_FAILED, "unknown host");
        }
        for (InetAddress a : addresses) {
            Optional<String> refused = ssrf.checkAddress(a);
            if (refused.isPresent()) {
                return failed(VerificationFailure.INFO_REFUSED, refused.get());
            }
        }
        HttpsGet.Response response = null;
        String lastError = "no address";
        for (InetAddress a : addresses) {
            switch (http.get(uri, a)) {
                case HttpsGet.Ok ok -> response = ok.response();
                case HttpsGet.Failed f -> lastError = f.reason();
            }
            if (response != null) {
                break;
            }
        }
        if (response == null) {
            Duration ttl = config.unreachableTtl().compareTo(config.negativeTtl()) < 0 ? config.unreachableTtl()
                    : config.negativeTtl();
            return new Loaded(new Failed(VerificationFailure.FETCH_FAILED, lastError), ttl);
        }
        if (response.status() != 200) {
            return failed(VerificationFailure.FETCH_FAILED, "HTTP status " + response.status());
        }
        List<X509Certificate> chain = parseChain(response.body());
        if (chain.isEmpty()) {
            return failed(VerificationFailure.BAD_CERTIFICATE, "no X.509 certificate in response");
        }
        Optional<Duration> asked = CacheLifetime.of(response.headers(), clock.instant());
        Duration ttl = asked.orElse(config.defaultTtl());
        if (ttl.compareTo(config.minTtl()) < 0) {
            ttl = config.minTtl(); // ATIS-1000074: a shorter or missing directive still means the floor
        }
        if (ttl.compareTo(config.maxTtl()) > 0) {
            ttl = config.maxTtl();
        }
        Result checked = check(chain, profile);
        if (checked instanceof Fetched f) {
            Duration untilExpiry = Duration.between(clock.instant(), f.certificate().notAfter());
            if (untilExpiry.compareTo(ttl) < 0) {
                ttl = untilExpiry;
            }
            return new Loaded(checked, ttl);
        }
        return new Loaded(checked, config.negativeTtl());
    }

    private Result check(List<X509Certificate> chain, Profile profile) {
        switch (validator.validate(chain)) {
            case VALID -> {
            }
            case EXPIRED -> {
                return new Failed(VerificationFailure.EXPIRED, "certificate outside validity");
            }
            case REVOKED -> {
                return new Failed(VerificationFailure.REVOKED, "certificate revoked");
            }
            case UNTRUSTED -> {
                return new Failed(VerificationFailure.UNTRUSTED, "chain does not reach a trust anchor");
            }
        }
        if (profile == Profile.RFC4474) {
            return new Fetched(new StirCertificate(chain, new TnAuthList(List.of(), List.of(), List.of())));
        }
        Optional<TnAuthList> tnAuth = TnAuthList.from(chain.getFirst());
        if (tnAuth.isEmpty()) {
            return new Failed(VerificationFailure.NOT_STIR_CERTIFICATE, "no TNAuthList extension");
        }
        if (!io.vouch.identity.internal.crypto.Es256.isP256(chain.getFirst().getPublicKey())) {
            return new Failed(VerificationFailure.NOT_STIR_CERTIFICATE, "end-entity key is not P-256");
        }
        return new Fetched(new StirCertificate(chain, tnAuth.get()));
    }

    /** PEM (one or more certificates, end entity first) or a single DER certificate; empty when neither. */
    public static List<X509Certificate> parseChain(byte[] body) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(body));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
                if (out.size() > 8) {
                    return List.of(); // no STIR chain is this long
                }
            }
            return out;
        } catch (CertificateException | RuntimeException e) {
            return List.of();
        }
    }
}
