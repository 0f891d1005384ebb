package io.vouch.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vouch.cert.internal.CertificateChain;
import io.vouch.cert.internal.Check;
import io.vouch.proto.Topics;
import io.vouch.runtime.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository over real HTTPS, checked against the ATIS repository rules. */
class CertRepositoryTest {
    private static final Instant NOW = Instant.now();
    private static final Map<String, byte[]> STORE = new ConcurrentHashMap<>();
    private static final MutableClock CLOCK = new MutableClock(NOW);
    private static Vertx vertx;
    private static CertRepository repo;
    private static HttpClient client;
    private static CertificateChain current;
    private static CertificateChain previous;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        KeyPair caKey = TestPki.ec();
        X509Certificate ca = TestPki.ca(caKey, "Test STI-CA", NOW.minus(Duration.ofDays(30)),
                NOW.plus(Duration.ofDays(3650)));
        previous = chain(caKey, ca, NOW.plus(Duration.ofHours(1)));
        current = chain(caKey, ca, NOW.plus(Duration.ofDays(365)));
        KeyPair tlsKey = TestPki.ec();
        X509Certificate tls = TestPki.issue(tlsKey, "CN=127.0.0.1", tlsKey, "CN=127.0.0.1",
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), false, "127.0.0.1");
        Path certFile = dir.resolve("tls.pem");
        Path keyFile = dir.resolve("tls-key.pem");
        Files.writeString(certFile, CertificateChain.pemOf(tls.getEncoded()));
        Files.writeString(keyFile, TestPki.pemKey(tlsKey.getPrivate()));
        RepositoryConfig config = RepositoryConfig.from(new io.vertx.core.json.JsonObject()
                .put("cert.repository.https.port", 0)
                .put("cert.repository.tls.cert.file", certFile.toString())
                .put("cert.repository.tls.key.file", keyFile.toString()));
        vertx = Vertx.vertx();
        repo = new CertRepository(config, k -> Optional.ofNullable(STORE.get(k)), new SimpleMeterRegistry(), CLOCK);
        vertx.deployVerticle(repo).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("tls", tls);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static CertificateChain chain(KeyPair caKey, X509Certificate ca, Instant notAfter) throws Exception {
        KeyPair leafKey = TestPki.ec();
        X509Certificate leaf = TestPki.issue(leafKey, "CN=SHAKEN 1234", caKey, "CN=Test STI-CA",
                NOW.minus(Duration.ofDays(1)), notAfter, false, null);
        String pem = CertificateChain.pemOf(leaf.getEncoded()) + CertificateChain.pemOf(ca.getEncoded());
        CertificateChain c = ((Check.Ok<CertificateChain>) CertificateChain.parse(
                pem.getBytes(StandardCharsets.US_ASCII))).value();
        STORE.put(Topics.repositoryKey(c.leafSha256()), pem.getBytes(StandardCharsets.US_ASCII));
        return c;
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static HttpResponse<byte[]> send(String method, String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI uri(String path) {
        return URI.create("https://127.0.0.1:" + repo.actualPort() + path);
    }

    @Test
    void servedChainsPassTheRepositoryRules() throws Exception {
        String path = "/certs/" + current.leafSha256() + ".pem";
        HttpResponse<byte[]> r = send("GET", path, null);
        assertEquals(List.of(), AtisRepositoryRules.violations(uri(path), r, NOW));
        assertEquals(current.pem(), new String(r.body(), StandardCharsets.US_ASCII));
        assertEquals("public, max-age=86400", r.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void theRulesCatchAShortCacheLifetimeAndAWrongOrder() throws Exception {
        // the checker itself must be able to fail
        String path = "/certs/" + current.leafSha256() + ".pem";
        HttpResponse<byte[]> real = send("GET", path, null);
        var shortCache = new FakeResponse(real, Map.of("Content-Type", "application/pem-certificate-chain",
                "Cache-Control", "max-age=3600"), real.body());
        assertFalse(AtisRepositoryRules.violations(uri(path), shortCache, NOW).isEmpty());
        String[] blocks = current.pem().split("(?<=-----END CERTIFICATE-----\n)");
        byte[] reversed = (blocks[1] + blocks[0]).getBytes(StandardCharsets.US_ASCII);
        var wrongOrder = new FakeResponse(real, Map.of("Content-Type", "application/pem-certificate-chain",
                "Cache-Control", "public, max-age=86400"), reversed);
        assertFalse(AtisRepositoryRules.violations(uri(path), wrongOrder, NOW).isEmpty());
    }

    @Test
    void ifNoneMatchGives304AndHeadGivesNoBody() throws Exception {
        String path = "/certs/" + current.leafSha256() + ".pem";
        HttpResponse<byte[]> first = send("GET", path, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = send("GET", path, etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, send("GET", path, "\"other\"").statusCode());
        HttpResponse<byte[]> head = send("HEAD", path, null);
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals("application/pem-certificate-chain", head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(405, send("POST", path, null).statusCode());
    }

    @Test
    void unknownAndMalformedPathsAre404() throws Exception {
        assertEquals(404, send("GET", "/certs/" + "0".repeat(64) + ".pem", null).statusCode());
        assertEquals(404, send("GET", "/certs/../etc/passwd", null).statusCode());
        assertEquals(404, send("GET", "/", null).statusCode());
    }

    @Test
    void aRotatedOutChainStaysUntilNotAfterPlusGrace() throws Exception {
        String old = "/certs/" + previous.leafSha256() + ".pem";
        assertEquals(200, send("GET", old, null).statusCode());
        CLOCK.set(previous.notAfter().plus(Duration.ofHours(23)));
        try {
            assertEquals(200, send("GET", old, null).statusCode());
            CLOCK.set(previous.notAfter().plus(Duration.ofHours(25)));
            assertEquals(404, send("GET", old, null).statusCode());
            assertEquals(200, send("GET", "/certs/" + current.leafSha256() + ".pem", null).statusCode());
        } finally {
            CLOCK.set(NOW);
        }
    }

    @Test
    void aValueUnderAnotherLeafsNameIsNotServed() throws Exception {
        String fake = "f".repeat(64);
        STORE.put(Topics.repositoryKey(fake), current.pem().getBytes(StandardCharsets.US_ASCII));
        assertEquals(404, send("GET", "/certs/" + fake + ".pem", null).statusCode());
        assertTrue(repo.urlOf(fake).startsWith("https://127.0.0.1:"));
    }

    /** A response with replaced headers and body, keeping the real TLS session. */
    private record FakeResponse(HttpResponse<byte[]> real, Map<String, String> headers0, byte[] body)
            implements HttpResponse<byte[]> {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpRequest request() {
            return real.request();
        }

        @Override
        public Optional<HttpResponse<byte[]>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(headers0.entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return real.sslSession();
        }

        @Override
        public URI uri() {
            return real.uri();
        }

        @Override
        public HttpClient.Version version() {
            return real.version();
        }
    }
}
