package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.UsersCommand;
import io.vouch.edge.DevCertificate;
import io.vouch.proto.Topics;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric the Grafana dashboards ({@code deploy/grafana/*.json}) and the alert rules
 * ({@code deploy/prometheus/vouch-alerts.yml}) query exists: the whole ensemble is driven over real UDP through
 * every service (OPTIONS, REGISTER with digest, STIR signing and verification with DTLS fingerprints, SDES refused
 * over UDP, a certificate SUBSCRIBE, malformed input, a stray ACK, an undecodable stage record, a burst past the
 * per-source rate limit) and its {@code /metrics} scraped.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DashboardMetricsIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    /** Series Prometheus itself adds to every target. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds");
    private Ensemble ensemble;
    private Path dataDir;

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    @Test
    void everyMetricTheDashboardsAndAlertRulesQueryIsScrapedFromTheRunningEnsemble() throws Exception {
        Map<String, Set<String>> used = queriedMetrics();
        assertTrue(used.keySet().containsAll(List.of("vouch-overview.json", "vouch-edge.json", "vouch-auth.json",
                "vouch-registrar.json", "vouch-identity.json", "vouch-cert.json", "vouch-media.json",
                "vouch-alerts.yml")), "a dashboard per service, the overview and the alert rules: " + used.keySet());

        dataDir = Files.createTempDirectory("vouch-dashboards-it");
        int repository;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            repository = free.getLocalPort();
        }
        ensemble = Ensemble.start(LaunchOptions.parse(new String[] {"--data-dir", dataDir.toString(),
            "--kafka-port", "0", "--management-port", "0", "--partitions", "2", "--set", "sip.udp.port=0",
            "--set", "sip.tcp.port=0", "--set", "sip.tls.port=-1", "--set", "pipeline.timeout.ms=10000",
            "--set", "stir.https.port=0", "--set", "cert.repository.https.port=" + repository,
            "--set", "trusted.sources=127.0.0.1", "--set", "sign.trusted.sources=127.0.0.1",
            "--set", "cert.credential.require.tls=false", "--set", "auth.algorithms=MD5",
            // loopback is limited too, so a burst is shed
            "--set", "rate.limit.exempt.sources=", "--set", "rate.limit.per.source.per.s=20",
            "--set", "rate.limit.per.source.burst=60"}));
        int udp = ensemble.edge().udpPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, UsersCommand.run(new String[] {"add", "alice", "--realm", "127.0.0.1", "--kafka",
            ensemble.embeddedBootstrap()}, new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out), new PrintStream(out)), out::toString);

        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(20_000);
            String options = request("OPTIONS", s, "sip:127.0.0.1", 1, "", "");
            assertEquals(200, exchange(s, udp, options).status());
            send(s, udp, options); // a retransmission of a completed transaction: the cached response again
            finalResponse(s);

            SipResponse challenge = exchange(s, udp, request("REGISTER", s, "sip:127.0.0.1", 2, contact(s), ""));
            assertEquals(401, challenge.status());
            SipResponse registered = exchange(s, udp, request("REGISTER", s, "sip:127.0.0.1", 3,
                    contact(s) + authorization("s3cret", challenge, 3), ""));
            assertEquals(200, registered.status(), registered::toString);
            exchange(s, udp, request("REGISTER", s, "sip:127.0.0.1", 4, contact(s) + authorization("wrong",
                    challenge, 4), ""));

            String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 49170 UDP/TLS/RTP/SAVP 0\r\na=setup:actpass\r\na=fingerprint:sha-256 "
                    + HexFormat.ofDelimiter(":").withUpperCase().formatHex(new byte[32]) + "\r\n";
            SipResponse signed = exchange(s, udp, invite(s, "", sdp));
            assertEquals(302, signed.status(), signed::toString);
            SipResponse verified = exchange(s, udp, invite(s, "Identity: " + signed.identities().getFirst() + "\r\n",
                    sdp));
            // 302 with verstat, or a verification error (a slow certificate fetch): either way verified and counted
            assertTrue(verified.status() == 302 || verified.status() >= 400, verified::toString);
            String sdes = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 49170 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                    + "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoc2Vzc2lvbik=|2^20|1:4\r\n";
            assertEquals(488, exchange(s, udp, invite(s, "", sdes)).status(), "SDES over UDP refused");

            SipResponse published = CertEnsembleIT.authorized(s, udp, "PUBLISH", "certificate", "Expires: 3600\r\n",
                    "application/pkix-cert", CertEnsembleIT.certificate("sip:alice@127.0.0.1"));
            assertEquals(200, published.status(), published::toString);
            send(s, udp, request("SUBSCRIBE", s, "sip:alice@127.0.0.1", 5, "Event: certificate\r\n" + contact(s),
                    ""));
            answerEverythingFor(s, udp, 3_000);

            send(s, udp, "NOT SIP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            send(s, udp, request("ACK", s, "sip:127.0.0.1", 99, "", ""));
            answerEverythingFor(s, udp, 500);
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                ensemble.embeddedBootstrap()), new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.REGISTRAR, "x".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xff, 1, 2})).get(30, TimeUnit.SECONDS);
        }
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 150; i++) {
                send(s, udp, request("OPTIONS", s, "sip:127.0.0.1", 100 + i, "", ""));
            }
        }

        getFromRepository("https://127.0.0.1:" + repository + "/certs/" + "0".repeat(64) + ".pem");

        Set<String> missing = new TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            Set<String> scraped = scrapedNames(get("http://127.0.0.1:" + ensemble.managementPort() + "/metrics"));
            missing.clear();
            used.forEach((file, names) -> names.stream().filter(n -> !scraped.contains(n)
                    && !PROMETHEUS_OWN.contains(n)).forEach(n -> missing.add(file + ": " + n)));
            if (missing.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertEquals(Set.of(), missing, "queried but never exposed");
    }

    /** Metric names per file: every {@code expr} of every dashboard panel, and every alert rule expression. */
    static Map<String, Set<String>> queriedMetrics() throws Exception {
        Path root = Kustomize.repoRoot();
        Map<String, Set<String>> out = new TreeMap<>();
        JsonMapper json = JsonMapper.builder().build();
        try (var files = Files.list(root.resolve("deploy/grafana"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                List<String> exprs = new ArrayList<>();
                json.readTree(f.toFile()).findValues("expr").forEach(e -> exprs.add(e.asString()));
                assertTrue(!exprs.isEmpty(), f + " has queries");
                out.put(f.getFileName().toString(), names(exprs));
            }
        }
        List<String> rules = new ArrayList<>();
        for (JsonNode g : Kustomize.readAll(root.resolve("deploy/prometheus/vouch-alerts.yml")).getFirst()
                .path("groups")) {
            g.path("rules").forEach(r -> rules.add(r.path("expr").asString()));
        }
        out.put("vouch-alerts.yml", names(rules));
        return out;
    }

    private static Set<String> names(List<String> exprs) {
        Set<String> s = new TreeSet<>();
        exprs.forEach(e -> s.addAll(PromQl.metricNames(e)));
        return s;
    }

    private static Set<String> scrapedNames(String text) {
        Set<String> s = new TreeSet<>();
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> s.add(l.split("[{ ]", 2)[0]));
        return s;
    }

    private static String contact(DatagramSocket s) {
        return "Contact: <sip:alice@127.0.0.1:" + s.getLocalPort() + ">\r\n";
    }

    private static String request(String method, DatagramSocket s, String ruri, int cseq, String extra, String body) {
        int port = s.getLocalPort();
        return method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-dash-" + method + cseq + "-" + port
                + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=f" + port + "\r\n"
                + "To: <" + (method.equals("REGISTER") ? "sip:alice@127.0.0.1" : ruri) + ">\r\n"
                + "Call-ID: dash-" + method + "-" + port + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String invite(DatagramSocket s, String extra, String sdp) {
        int n = SEQ.incrementAndGet();
        return request("INVITE", s, "sip:+12125551212@127.0.0.1", n, extra, sdp)
                .replace("sip:alice@127.0.0.1", "sip:+12025550123@127.0.0.1")
                .replace("Call-ID: dash-INVITE-", "Call-ID: dash-INVITE-" + n + "-");
    }

    private static String authorization(String password, SipResponse challenge, int cseq) throws Exception {
        AuthHeader www = challenge.wwwAuthenticates().getFirst();
        String realm = www.param("realm").orElseThrow();
        String nonce = www.param("nonce").orElseThrow();
        String ha1 = md5("alice:" + realm + ":" + password);
        String response = md5(ha1 + ":" + nonce + ":00000001:c" + cseq + ":auth:" + md5("REGISTER:sip:127.0.0.1"));
        return "Authorization: Digest username=\"alice\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"sip:127.0.0.1\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, "
                + "cnonce=\"c" + cseq + "\"" + www.param("opaque").map(o -> ", opaque=\"" + o + "\"").orElse("")
                + "\r\n";
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void send(DatagramSocket s, int port, String text) throws Exception {
        send(s, port, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(DatagramSocket s, int port, byte[] bytes) throws Exception {
        s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    private static SipResponse exchange(DatagramSocket s, int port, String request) throws Exception {
        send(s, port, request);
        return finalResponse(s);
    }

    private static SipResponse finalResponse(DatagramSocket s) throws Exception {
        while (true) {
            if (receive(s) instanceof SipResponse r && r.status() >= 200) {
                return r;
            }
        }
    }

    private static SipMessage receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[65535];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            if (new SipMessageDecoder().decode(buf, 0, p.getLength()) instanceof DecodeResult.Parsed parsed) {
                return parsed.message();
            }
        }
    }

    /** Answers every request (NOTIFYs) with 200 for {@code millis}, ignoring responses. */
    private static void answerEverythingFor(DatagramSocket s, int udp, long millis) throws Exception {
        int before = s.getSoTimeout();
        long end = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < end) {
                s.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
                if (receive(s) instanceof SipRequest req) {
                    send(s, udp, new SipMessageEncoder().encode(SipResponse.forRequest(req, 200, "OK", "x").build()));
                }
            }
        } catch (SocketTimeoutException done) {
            // the time is up
        } finally {
            s.setSoTimeout(before);
        }
    }

    /** A GET over HTTPS trusting only the development certificate the repository serves in the embedded mode. */
    private void getFromRepository(String url) throws Exception {
        var dev = DevCertificate.ensure(dataDir.resolve("tls"), "localhost", "127.0.0.1");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(dev.certificate())) {
            trust.setCertificateEntry("dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (HttpClient c = HttpClient.newBuilder().sslContext(tls).build()) {
            c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static String get(String url) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }
}
