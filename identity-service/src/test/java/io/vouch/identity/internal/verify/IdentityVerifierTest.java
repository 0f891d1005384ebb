package io.vouch.identity.internal.verify;

import io.vouch.identity.TestHttpsServer;
import io.vouch.identity.TestPki;
import io.vouch.identity.TnAuthList;
import io.vouch.identity.internal.crypto.CryptoProvider;
import io.vouch.identity.internal.fetch.CertFetchConfig;
import io.vouch.identity.internal.fetch.CertificateFetcher;
import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.PartyId;
import io.vouch.identity.internal.passport.Passport;
import io.vouch.identity.internal.passport.PassportClaims;
import io.vouch.identity.internal.passport.PassportHeader;
import io.vouch.identity.internal.sign.AttestationPolicy;
import io.vouch.identity.internal.sign.PassportSigner;
import io.vouch.identity.internal.sign.SigningKeySpec;
import io.vouch.identity.internal.sign.SigningKeyStore;
import io.vouch.identity.internal.sign.SigningOrigin;
import io.vouch.identity.internal.sign.StirAuthenticator;
import io.vouch.identity.internal.sign.TnAssignments;
import io.vouch.identity.internal.stage.IdentityMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityVerifierTest {
    private static VerifierFixture f;

    @BeforeAll
    static void startServer() throws Exception {
        f = new VerifierFixture();
    }

    @AfterAll
    static void stopServer() {
        f.close();
    }

    @BeforeEach
    void freshVerifier() {
        f.fresh();
    }

    private VerificationFailure failure(Verification v) {
        return assertInstanceOf(Verification.Failed.class, v, () -> "expected a failure, got " + v).failure();
    }

    @Test
    void passesAValidShakenHeaderFetchedOverHttps() throws Exception {
        Verification v = f.verify(VerifierFixture.request("call-1", f.validHeader()));
        Verification.Passed p = assertInstanceOf(Verification.Passed.class, v);
        assertEquals(Optional.of(Attestation.A), p.attest());
        assertEquals(1, f.hits("cert.pem"));
    }

    @Test
    void servesTheSecondVerificationFromTheCertificateCache() throws Exception {
        f.verify(VerifierFixture.request("call-1", f.validHeader()));
        f.verify(VerifierFixture.request("call-2", f.validHeader()));
        assertEquals(1, f.hits("cert.pem"));
        assertEquals(1.0, f.metrics.count(IdentityMetrics.CERT_CACHE, "result", "hit"));
        assertEquals(1.0, f.metrics.count(IdentityMetrics.CERT_CACHE, "result", "miss"));
    }

    @Test
    void refetchesOnceMaxAgeHasPassed() throws Exception {
        f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true).withMinTtl(Duration.ZERO),
                VerifierConfig.defaults(), List.of());
        f.verify(VerifierFixture.request("call-1", f.validHeader()));
        f.clock.advance(Duration.ofSeconds(601));
        f.verify(VerifierFixture.request("call-2", f.validHeader()));
        assertEquals(2, f.hits("cert.pem"));
    }

    @Test
    void keepsACertificateForTheMinimumLifetimeWhenTheServerAsksForLess() throws Exception {
        f.verify(VerifierFixture.request("call-1", f.validHeader())); // served with max-age=600
        f.clock.advance(Duration.ofHours(23));
        f.verify(VerifierFixture.request("call-2", f.validHeader()));
        assertEquals(1, f.hits("cert.pem"), "ATIS-1000074: shorter than 24 h still means 24 h");
        f.clock.advance(Duration.ofHours(1).plusSeconds(1));
        f.verify(VerifierFixture.request("call-3", f.validHeader()));
        assertEquals(2, f.hits("cert.pem"));
    }

    @Test
    void keepsACertificateServedWithoutCachingDirectiveForTheMinimumLifetime() throws Exception {
        String url = f.server.put(f.path("plain.pem"), f.leaf.chainPem(), Map.of());
        for (int i = 0; i < 2; i++) {
            String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                    f.clock.instant().getEpochSecond(), url), f.leaf);
            assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("p" + i, h)));
            f.clock.advance(Duration.ofHours(23).plusMinutes(59));
        }
        assertEquals(1, f.hits("plain.pem"));
    }

    @Test
    void keepsANoStoreCertificateForTheMinimumLifetime() throws Exception {
        verifyTwiceServedNoStore();
        assertEquals(1, f.hits("nostore.pem"));
    }

    @Test
    void doesNotCacheANoStoreResponseWithoutAMinimum() throws Exception {
        f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true).withMinTtl(Duration.ZERO),
                VerifierConfig.defaults(), List.of());
        verifyTwiceServedNoStore();
        assertEquals(2, f.hits("nostore.pem"));
    }

    private void verifyTwiceServedNoStore() throws Exception {
        String url = f.server.put(f.path("nostore.pem"), f.leaf.chainPem(), Map.of("Cache-Control", "no-store"));
        for (int i = 0; i < 2; i++) {
            String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                    f.clock.instant().getEpochSecond(), url), f.leaf);
            assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("c" + i, h)));
        }
    }

    @Test
    void cachesAFailedFetchNegatively() throws Exception {
        String url = f.server.url(f.path("missing.pem"));
        for (int i = 0; i < 3; i++) {
            String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                    f.clock.instant().getEpochSecond(), url), f.leaf);
            assertEquals(VerificationFailure.FETCH_FAILED, failure(f.verify(VerifierFixture.request("c" + i, h))));
        }
        assertEquals(1, f.hits("missing.pem"));
        f.clock.advance(Duration.ofSeconds(31));
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                f.clock.instant().getEpochSecond(), url), f.leaf);
        f.verify(VerifierFixture.request("later", h));
        assertEquals(2, f.hits("missing.pem"));
    }

    @Test
    void retriesAnUnreachableCertificateServerSoonerThanAMissingCertificate() throws Exception {
        try (java.net.ServerSocket dead = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger accepts = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!dead.isClosed()) {
                    try (java.net.Socket s = dead.accept()) {
                        accepts.incrementAndGet(); // closes at once: no TLS, no HTTP response
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "https://127.0.0.1:" + dead.getLocalPort() + "/cert.pem";
            for (int i = 0; i < 2; i++) {
                String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                        f.clock.instant().getEpochSecond(), url), f.leaf);
                assertEquals(VerificationFailure.FETCH_FAILED, failure(f.verify(VerifierFixture.request("u" + i, h))));
            }
            assertEquals(1, accepts.get(), "the failure is cached for a moment");
            f.clock.advance(Duration.ofSeconds(6)); // past cache.unreachable.ttl.s, well inside cache.negative.ttl.s
            String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                    f.clock.instant().getEpochSecond(), url), f.leaf);
            assertEquals(VerificationFailure.FETCH_FAILED, failure(f.verify(VerifierFixture.request("u9", h))));
            assertEquals(2, accepts.get(), "an unreachable server is tried again after the short lifetime");
        }
    }

    @Test
    void sharesOneFetchBetweenConcurrentVerifications() throws Exception {
        String url = f.server.put(f.path("slow.pem"), new TestHttpsServer.Resource(200,
                f.leaf.chainPem().getBytes(StandardCharsets.US_ASCII), Map.of(), 300));
        List<CompletableFuture<Verification>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                    f.clock.instant().getEpochSecond(), url), f.leaf);
            all.add(f.verifier.verify(VerifierFixture.request("c" + i, h)));
        }
        for (CompletableFuture<Verification> v : all) {
            assertInstanceOf(Verification.Passed.class, v.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, f.hits("slow.pem"));
    }

    @Test
    void refusesLoopbackCertificateUrlsUnlessConfigured() throws Exception {
        f.rebuild(CertFetchConfig.defaults(), VerifierConfig.defaults(), List.of());
        assertEquals(VerificationFailure.INFO_REFUSED, failure(f.verify(VerifierFixture.request("c", f.validHeader()))));
        assertEquals(0, f.hits("cert.pem"));
    }

    @Test
    void refusesHostsOnTheDenyList() throws Exception {
        CertFetchConfig d = CertFetchConfig.defaults().withAllowLoopback(true);
        f.rebuild(new CertFetchConfig(d.connectTimeout(), d.readTimeout(), d.maxBytes(), List.of(),
                List.of("127.0.0.1"), List.of(), List.of(), true, 10, d.defaultTtl(), d.maxTtl(), d.negativeTtl(), d.unreachableTtl(),
                d.minTtl()),
                VerifierConfig.defaults(), List.of());
        assertEquals(VerificationFailure.INFO_REFUSED, failure(f.verify(VerifierFixture.request("c", f.validHeader()))));
        assertEquals(0, f.hits("cert.pem"));
    }

    @Test
    void refusesPlainHttpCertificateUrls() throws Exception {
        String url = "http://127.0.0.1:1/cert.pem";
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                f.clock.instant().getEpochSecond(), url), f.leaf);
        assertEquals(VerificationFailure.INFO_REFUSED, failure(f.verify(VerifierFixture.request("c", h))));
    }

    @Test
    void refusesAResponseLargerThanTheLimit() throws Exception {
        String url = f.server.put(f.path("huge.pem"), "x".repeat(20_000), Map.of());
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                f.clock.instant().getEpochSecond(), url), f.leaf);
        assertEquals(VerificationFailure.FETCH_FAILED, failure(f.verify(VerifierFixture.request("c", h))));
    }

    @Test
    void rejectsAnExpiredCertificateWith437() throws Exception {
        Instant now = f.clock.instant();
        TestPki.Leaf old = f.pki.leaf("old", new TnAuthList(List.of(), List.of(VerifierFixture.ORIG), List.of()),
                TestPki.ecKey(), now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)));
        String url = f.server.put(f.path("old.pem"), old.chainPem(), Map.of());
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST, now.getEpochSecond(), url), old);
        VerificationFailure failure = failure(f.verify(VerifierFixture.request("c", h)));
        assertEquals(VerificationFailure.EXPIRED, failure);
        assertEquals(437, failure.error().status());
    }

    @Test
    void rejectsAChainFromAnotherCa() throws Exception {
        TestPki other = new TestPki(f.clock.instant());
        TestPki.Leaf foreign = other.leaf("foreign", new TnAuthList(List.of("1234"), List.of(), List.of()));
        String url = f.server.put(f.path("foreign.pem"), foreign.chainPem(), Map.of());
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                f.clock.instant().getEpochSecond(), url), foreign);
        assertEquals(VerificationFailure.UNTRUSTED, failure(f.verify(VerifierFixture.request("c", h))));
    }

    @Test
    void rejectsARevokedCertificate() throws Exception {
        f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true), VerifierConfig.defaults(),
                List.of(f.pki.crl(f.leaf.cert())));
        assertEquals(VerificationFailure.REVOKED, failure(f.verify(VerifierFixture.request("c", f.validHeader()))));
    }

    @Test
    void acceptsACertificateNotListedInTheCrl() throws Exception {
        TestPki.Leaf other = f.pki.leaf("other", new TnAuthList(List.of(), List.of("1"), List.of()));
        f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true), VerifierConfig.defaults(),
                List.of(f.pki.crl(other.cert())));
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("c", f.validHeader())));
    }

    @Test
    void rejectsACallingNumberOutsideTheTnAuthList() throws Exception {
        String h = f.signedHeader(f.shaken("12155559999", VerifierFixture.DEST,
                f.clock.instant().getEpochSecond(), f.x5u), f.leaf);
        VerificationRequest req = new VerificationRequest(List.of(h), Optional.of("12155559999"), Optional.empty(),
                List.of(VerifierFixture.DEST), Optional.empty(), "c");
        assertEquals(VerificationFailure.TN_NOT_AUTHORIZED, failure(f.verify(req)));
    }

    @Test
    void acceptsAnSpcCertificateOnlyForAcceptedSpcs() throws Exception {
        TestPki.Leaf spc = f.pki.leaf("spc", new TnAuthList(List.of("709J"), List.of(), List.of()));
        String url = f.server.put(f.path("spc.pem"), spc.chainPem(), Map.of());
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                f.clock.instant().getEpochSecond(), url), spc);
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("c1", h)));
        f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true),
                VerifierFixture.verifierConfig(Duration.ofSeconds(60), false, Set.of("111A")), List.of());
        assertEquals(VerificationFailure.TN_NOT_AUTHORIZED, failure(f.verify(VerifierFixture.request("c2", h))));
    }

    @Test
    void rejectsAStaleIatWith403() throws Exception {
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                f.clock.instant().getEpochSecond() - 61, f.x5u), f.leaf);
        VerificationFailure failure = failure(f.verify(VerifierFixture.request("c", h)));
        assertEquals(VerificationFailure.STALE, failure);
        assertEquals(403, failure.error().status());
        assertEquals("Stale Date", failure.error().reasonPhrase());
        assertEquals(0, f.hits("cert.pem"), "a stale token must not cost a fetch");
    }

    @Test
    void honoursAConfiguredFreshnessWindow() throws Exception {
        f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true),
                VerifierFixture.verifierConfig(Duration.ofSeconds(300), false, Set.of()), List.of());
        String h = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST,
                f.clock.instant().getEpochSecond() - 200, f.x5u), f.leaf);
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("c", h)));
    }

    @Test
    void rejectsAReplayOnAnotherCallButNotARedeliveryOfTheSameCall() throws Exception {
        String h = f.validHeader();
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("call-1", h)));
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("call-1", h)));
        assertEquals(VerificationFailure.REPLAY, failure(f.verify(VerifierFixture.request("call-2", h))));
    }

    @Test
    void rejectsATamperedSignatureWith438() throws Exception {
        String h = f.validHeader();
        int semi = h.indexOf(';');
        String token = h.substring(0, semi);
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        sig[5] ^= 0x01;
        String tampered = token.substring(0, token.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sig) + h.substring(semi);
        VerificationFailure failure = failure(f.verify(VerifierFixture.request("c", tampered)));
        assertEquals(VerificationFailure.SIGNATURE, failure);
        assertEquals(438, failure.error().status());
        f.clock.advance(Duration.ofSeconds(10));
        assertEquals(VerificationFailure.SIGNATURE, failure(f.verify(VerifierFixture.request("c2", tampered))));
        assertEquals(1, f.hits("cert.pem"), "a bad signature under a young cached certificate causes no refetch");
    }

    @Test
    void followsASignerThatRotatedItsKeyBehindTheSameUrl(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path key = TestPki.writePkcs8(dir.resolve("key.pem"), f.leaf.key().getPrivate());
        java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"), TestPki.pem(f.leaf.cert()));
        SigningKeyStore keys = SigningKeyStore.load(List.of(new SigningKeySpec("k", key, Optional.empty(),
                Optional.of(cert), f.x5u, Set.of(), List.of())));
        StirAuthenticator signer = new StirAuthenticator(keys, new AttestationPolicy(TnAssignments.inMemory()),
                f.signer, f.clock);
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("c1", signed(signer))));

        TestPki.Leaf next = f.pki.leaf("rotated", new TnAuthList(List.of(), List.of(), List.of(
                new TnAuthList.Range("12155551200", 100))));
        TestPki.writePkcs8(key, next.key().getPrivate());
        java.nio.file.Files.writeString(cert, TestPki.pem(next.cert()));
        assertEquals(List.of("k"), keys.refresh().loaded());
        f.server.put(f.path("cert.pem"), next.chainPem(), Map.of("Cache-Control", "max-age=600"));

        assertEquals(VerificationFailure.SIGNATURE, failure(f.verify(VerifierFixture.request("c2", signed(signer)))),
                "within 30 s the cached certificate stands");
        f.clock.advance(Duration.ofSeconds(31));
        assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("c3", signed(signer))));
        assertEquals(2, f.hits("cert.pem"));
    }

    @Test
    void callsCheckedAgainstTheOldCertificateWhileItWasRefetchedGetTheNewOne() throws Exception {
        CertificateFetcher.Result old = f.fetcher.fetch(f.x5u).get();
        TestPki.Leaf next = f.pki.leaf("rotated", new TnAuthList(List.of(), List.of(), List.of(
                new TnAuthList.Range("12155551200", 100))));
        f.server.put(f.path("cert.pem"), next.chainPem(), Map.of("Cache-Control", "max-age=600"));
        f.clock.advance(Duration.ofSeconds(31));

        // the first call to fail under the old certificate refetches it
        CertificateFetcher.Fetched fresh = assertInstanceOf(CertificateFetcher.Fetched.class,
                f.fetcher.revalidate(f.x5u, old).orElseThrow().get());
        assertEquals(next.cert(), fresh.certificate().endEntity());
        // a call that was checked against the old certificate before that refetch ended gets the new one, no fetch
        CertificateFetcher.Result again = f.fetcher.revalidate(f.x5u, old).orElseThrow().get();
        assertSame(fresh, again);
        assertEquals(2, f.hits("cert.pem"));
        // but a bad signature under the young new certificate neither refetches nor gets a second look
        assertTrue(f.fetcher.revalidate(f.x5u, fresh).isEmpty());
        assertEquals(2, f.hits("cert.pem"));
    }

    private static String signed(StirAuthenticator signer) {
        StirAuthenticator.Signed s = (StirAuthenticator.Signed) signer.sign(StirAuthenticator.Request.of(
                SigningOrigin.user("acme"), VerifierFixture.ORIG, VerifierFixture.DEST));
        return s.headers().getFirst().format();
    }

    @Test
    void rejectsAnOrigThatDoesNotMatchTheRequest() throws Exception {
        VerificationRequest req = new VerificationRequest(List.of(f.validHeader()), Optional.of("12155550000"),
                Optional.empty(), List.of(VerifierFixture.DEST), Optional.empty(), "c");
        assertEquals(VerificationFailure.ORIG_MISMATCH, failure(f.verify(req)));
    }

    @Test
    void rejectsADestThatDoesNotMatchTheRequest() throws Exception {
        VerificationRequest req = new VerificationRequest(List.of(f.validHeader()), Optional.of(VerifierFixture.ORIG),
                Optional.empty(), List.of("19995550000"), Optional.empty(), "c");
        assertEquals(VerificationFailure.DEST_MISMATCH, failure(f.verify(req)));
    }

    @Test
    void acceptsADivertedCallWhoseDivPassportLinksTheOriginalDestination() throws Exception {
        String newDest = "13035550000";
        long iat = f.clock.instant().getEpochSecond();
        String shaken = f.signedHeader(f.shaken(VerifierFixture.ORIG, VerifierFixture.DEST, iat, f.x5u), f.leaf);
        Passport div = new Passport(PassportHeader.es256(PassportHeader.PPT_DIV, f.x5u), new PassportClaims(
                new PartyId.Tn(VerifierFixture.ORIG), List.of(new PartyId.Tn(newDest)), iat, Optional.empty(),
                Optional.empty(), Optional.of(new PartyId.Tn(VerifierFixture.DEST)), Map.of()));
        String divHeader = f.signedHeader(div, f.leaf);
        VerificationRequest req = new VerificationRequest(List.of(shaken, divHeader), Optional.of(VerifierFixture.ORIG),
                Optional.empty(), List.of(newDest), Optional.empty(), "c");
        Verification.Passed p = assertInstanceOf(Verification.Passed.class, f.verify(req));
        assertEquals(2, p.passports().size());
        VerificationRequest withoutDiv = new VerificationRequest(List.of(shaken), Optional.of(VerifierFixture.ORIG),
                Optional.empty(), List.of(newDest), Optional.empty(), "c2");
        assertEquals(VerificationFailure.DEST_MISMATCH, failure(f.verify(withoutDiv)));
    }

    @Test
    void answers428OnlyWhenPolicyRequiresAnIdentityHeader() throws Exception {
        assertInstanceOf(Verification.Absent.class, f.verify(VerifierFixture.request("c")));
        f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true),
                VerifierFixture.verifierConfig(Duration.ofSeconds(60), true, Set.of()), List.of());
        VerificationFailure failure = failure(f.verify(VerifierFixture.request("c")));
        assertEquals(428, failure.error().status());
    }

    @Test
    void rejectsUnsupportedAlgorithmAndExtensionWith437() throws Exception {
        String h = f.validHeader();
        String token = h.substring(0, h.indexOf(';'));
        assertEquals(VerificationFailure.UNSUPPORTED_ALG, failure(f.verify(VerifierFixture.request("c",
                token + ";info=<" + f.x5u + ">;alg=RS256;ppt=shaken"))));
        VerificationFailure ppt = failure(f.verify(VerifierFixture.request("c",
                token + ";info=<" + f.x5u + ">;alg=ES256;ppt=foo")));
        assertEquals(VerificationFailure.UNSUPPORTED_PPT, ppt);
        assertEquals(437, ppt.error().status());
    }

    @Test
    void rejectsAMissingOrMismatchedInfoWith436() throws Exception {
        String h = f.validHeader();
        String token = h.substring(0, h.indexOf(';'));
        VerificationFailure none = failure(f.verify(VerifierFixture.request("c", token + ";alg=ES256;ppt=shaken")));
        assertEquals(VerificationFailure.NO_INFO, none);
        assertEquals(436, none.error().status());
        assertEquals(VerificationFailure.NO_INFO, failure(f.verify(VerifierFixture.request("c",
                token + ";info=<https://elsewhere.example/cert.pem>;alg=ES256;ppt=shaken"))));
    }

    @Test
    void passesWhenAnyOfSeveralHeadersVerifies() throws Exception {
        Verification v = f.verify(VerifierFixture.request("c", "garbage;info=<" + f.x5u + ">", f.validHeader()));
        assertInstanceOf(Verification.Passed.class, v);
    }

    @Test
    void verifiesACompactFormRebuiltFromTheRequest() throws Exception {
        Instant date = Instant.ofEpochSecond(f.clock.instant().getEpochSecond());
        Passport base = new Passport(new PassportHeader("ES256", "passport", Optional.empty(), f.x5u),
                new PassportClaims(new PartyId.Tn(VerifierFixture.ORIG), List.of(new PartyId.Tn(VerifierFixture.DEST)),
                        date.getEpochSecond(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of()));
        IdentityHeader compact = PassportSigner.header(f.signer.sign(base, f.key(f.leaf, f.x5u)),
                PassportSigner.Form.COMPACT);
        assertTrue(compact.token().startsWith(".."));
        VerificationRequest req = new VerificationRequest(List.of(compact.format()), Optional.of(VerifierFixture.ORIG),
                Optional.empty(), List.of(VerifierFixture.DEST), Optional.of(date), "c");
        assertInstanceOf(Verification.Passed.class, f.verify(req));
        VerificationRequest otherDate = new VerificationRequest(List.of(compact.format()),
                Optional.of(VerifierFixture.ORIG), Optional.empty(), List.of(VerifierFixture.DEST),
                Optional.of(date.plusSeconds(1)), "c2");
        assertEquals(VerificationFailure.SIGNATURE, failure(f.verify(otherDate)));
    }

    @Test
    void verifiesWithEitherProvider() throws Exception {
        for (CryptoProvider p : CryptoProvider.values()) {
            if (!p.available()) {
                continue;
            }
            f.rebuild(CertFetchConfig.defaults().withAllowLoopback(true),
                    new VerifierConfig(Duration.ofSeconds(60), false, Set.of(), 5, 100, p), List.of());
            assertInstanceOf(Verification.Passed.class, f.verify(VerifierFixture.request("c-" + p, f.validHeader())));
        }
    }
}
