package io.vouch.identity.internal.verify;

import io.vouch.identity.TestHttpsServer;
import io.vouch.identity.TestPki;
import io.vouch.identity.TnAuthList;
import io.vouch.identity.internal.crypto.CryptoProvider;
import io.vouch.identity.internal.fetch.CertFetchConfig;
import io.vouch.identity.internal.fetch.CertificateFetcher;
import io.vouch.identity.internal.fetch.ChainValidator;
import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.Passport;
import io.vouch.identity.internal.passport.PassportClaims;
import io.vouch.identity.internal.passport.PassportHeader;
import io.vouch.identity.internal.sign.PassportSigner;
import io.vouch.identity.internal.sign.SigningKey;
import io.vouch.identity.internal.sign.SigningKeySpec;
import io.vouch.identity.internal.stage.IdentityMetrics;
import io.vouch.runtime.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A signer and a verifier wired to a test PKI whose certificates are served over HTTPS on loopback. */
public final class VerifierFixture implements AutoCloseable {
    public static final String ORIG = "12155551212";
    public static final String DEST = "12155551213";

    private final Instant start = Instant.now();
    public final MutableClock clock = new MutableClock(start);
    public final TestPki pki = new TestPki(clock.instant());
    public final TestPki.Tls tls = TestPki.tls();
    public final TestHttpsServer server;
    public final ExecutorService pool = Executors.newFixedThreadPool(2);
    public IdentityMetrics metrics = IdentityMetrics.noop();
    public final TestPki.Leaf leaf;
    public String x5u;
    private int generation;
    final PassportSigner signer = new PassportSigner(CryptoProvider.SUN_EC);
    public CertificateFetcher fetcher;
    IdentityVerifier verifier;

    public VerifierFixture() throws Exception {
        server = new TestHttpsServer(tls.server());
        leaf = pki.leaf("SHAKEN 1234", new TnAuthList(List.of(), List.of(), List.of(new TnAuthList.Range("12155551200", 100))));
        fresh();
    }

    /** Per test: the clock back at its start, a new certificate URL, and a new fetcher and verifier. */
    public void fresh() {
        clock.set(start);
        metrics = IdentityMetrics.noop();
        generation++;
        x5u = server.put(path("cert.pem"), leaf.chainPem(), Map.of("Cache-Control", "max-age=600"));
        rebuild(CertFetchConfig.defaults().withAllowLoopback(true), VerifierConfig.defaults(), List.of());
    }

    /** A path unique to the current test. */
    public String path(String name) {
        return "/g" + generation + "/" + name;
    }

    int hits(String name) {
        return server.hits(path(name));
    }

    void rebuild(CertFetchConfig fetchConfig, VerifierConfig verifierConfig, List<java.security.cert.X509CRL> crls) {
        ChainValidator validator = new ChainValidator(List.of(pki.root), crls, clock);
        fetcher = new CertificateFetcher(fetchConfig, validator, tls.client(), pool, clock, metrics);
        verifier = new IdentityVerifier(verifierConfig, fetcher, pool, clock);
    }

    SigningKey key(TestPki.Leaf l, String url) {
        return new SigningKey(SigningKeySpec.ofDefault("k", Path.of("unused.pem"), url), l.key().getPrivate(),
                Optional.of(l.cert()));
    }

    public Passport shaken(String orig, String dest, long iat, String url) {
        return new Passport(PassportHeader.es256(PassportHeader.PPT_SHAKEN, url),
                PassportClaims.shaken(orig, dest, iat, Attestation.A, "de305d54-75b4-431b-adb2-eb6b9e546014"));
    }

    String signedHeader(Passport p, TestPki.Leaf l) {
        return PassportSigner.header(signer.sign(p, key(l, p.header().x5u())), PassportSigner.Form.FULL).format();
    }

    /** A fresh, valid shaken Identity header value for ORIG to DEST. */
    public String validHeader() {
        return signedHeader(shaken(ORIG, DEST, clock.instant().getEpochSecond(), x5u), leaf);
    }

    public static VerificationRequest request(String callId, String... identity) {
        return new VerificationRequest(List.of(identity), Optional.of(ORIG), Optional.empty(), List.of(DEST),
                Optional.empty(), callId);
    }

    public Verification verify(VerificationRequest req) throws Exception {
        return verifier.verify(req).get(10, TimeUnit.SECONDS);
    }

    static VerifierConfig verifierConfig(Duration freshness, boolean require, Set<String> spcs) {
        return new VerifierConfig(freshness, require, spcs, 5, 1000, CryptoProvider.BC);
    }

    @Override
    public void close() {
        server.close();
        pool.shutdownNow();
    }
}
