package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.auth.AuthConfig;
import io.vouch.auth.UsersCommand;
import io.vouch.proto.Topics;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.AuthHeader;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole ensemble as {@code ./vouch run} starts it (embedded broker on a free port, every service, the edge), driven
 * over real UDP: OPTIONS, REGISTER with digest, and a restart on the same data directory that keeps the binding.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EnsembleIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private Ensemble ensemble;
    private Path dataDir;

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    private Ensemble start(Path dir) throws Exception {
        return Ensemble.start(LaunchOptions.parse(new String[] {"--data-dir", dir.toString(), "--kafka-port", "0",
            "--management-port", "0", "--partitions", "2", "--set", "edge.sip.udp.port=0", "--set", "edge.sip.tcp.port=0",
            "--set", "edge.sip.tls.port=-1", "--set", "edge.pipeline.timeout.ms=10000", "--set", "stir.https.port=0",
            "--set", "cert.repository.https.port=0",
            "--set", "edge.trusted.sources=127.0.0.1", "--set", "identity.trusted.sources=127.0.0.1"}));
    }

    @Test
    void servesOptionsRegistersWithDigestAndKeepsBindingsAcrossRestart() throws Exception {
        int udp = startWithAlice();

        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(20_000);
            SipResponse options = exchange(s, udp, request("OPTIONS", s.getLocalPort(), "sip:127.0.0.1", 1, ""));
            assertEquals(200, options.status());
            assertTrue(options.headers().all("Allow").contains("REGISTER"));

            SipResponse ok = register(s, udp, "s3cret", "Contact: <sip:alice@127.0.0.1:" + s.getLocalPort() + ">\r\n"
                    + "Expires: 600\r\n");
            assertEquals(200, ok.status());
            assertEquals(1, ok.contacts().size());
            long expires = ok.contacts().get(0).expires().orElseThrow();
            assertTrue(expires > 500 && expires <= 600, "remaining expiry listed: " + expires);

            SipResponse wrong = register(s, udp, "wrong", "Contact: <sip:alice@127.0.0.1:9>\r\n");
            assertTrue(wrong.status() == 401 || wrong.status() == 403, "wrong password refused: " + wrong.status());
        }

        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(20_000);
            // STIR with the development PKI: a trusted peer's INVITE is signed, then the signed INVITE verifies.
            String invite = request("INVITE", s.getLocalPort(), "sip:+12125551212@127.0.0.1", 1, "")
                    .replace("sip:alice@127.0.0.1", "sip:+12025550123@127.0.0.1");
            SipResponse signed = exchange(s, udp, invite);
            assertEquals(302, signed.status());
            assertEquals(1, signed.identities().size(), "one SHAKEN PASSporT");
            assertTrue(signed.identities().get(0).contains("ppt=shaken"));
            String withIdentity = request("INVITE", s.getLocalPort(), "sip:+12125551212@127.0.0.1", 1,
                    "Identity: " + signed.identities().get(0) + "\r\n")
                    .replace("sip:alice@127.0.0.1", "sip:+12025550123@127.0.0.1");
            SipResponse verified = exchange(s, udp, withIdentity);
            assertEquals(302, verified.status(), () -> "verification: " + verified);
            assertTrue(verified.headers().first("P-Asserted-Identity").orElseThrow()
                    .contains("verstat=TN-Validation-Passed"), () -> "verstat: " + verified);
        }

        String metrics = get("http://127.0.0.1:" + ensemble.managementPort() + "/metrics");
        assertTrue(metrics.contains("vouch_edge_requests_total{method=\"REGISTER\""), "edge metrics exposed");
        assertTrue(metrics.contains("vouch_registrar_bindings_active"), "registrar metrics exposed");
        assertTrue(get("http://127.0.0.1:" + ensemble.managementPort() + "/health").contains("\"UP\""));

        ensemble.close();
        ensemble = start(dataDir);
        udp = ensemble.edge().udpPort();
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(20_000);
            // A REGISTER without Contact is a query (RFC 3261 §10.2.3): the binding survived the restart.
            SipResponse query = register(s, udp, "s3cret", "");
            assertEquals(200, query.status(), () -> "query after restart: " + query);
            assertEquals(1, query.contacts().size(), "binding rebuilt from vouch.bindings");
        }
    }

    @Test
    void answersCredentialsWithARepeatedParameter400NeverAuthorizing() throws Exception {
        int udp = startWithAlice();
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(20_000);
            String contact = "Contact: <sip:alice@127.0.0.1:" + s.getLocalPort() + ">\r\n";
            SipResponse challenge = exchange(s, udp, request("REGISTER", s.getLocalPort(), "sip:127.0.0.1", 7, contact));
            assertEquals(401, challenge.status());
            // A wrong response first, the right one second: a parser keeping the last value would authorize this.
            String twice = authorization("s3cret", challenge, 8, "response=\"" + "0".repeat(32) + "\", ");
            SipResponse answer = exchange(s, udp, request("REGISTER", s.getLocalPort(), "sip:127.0.0.1", 8,
                    contact + twice));
            assertEquals(400, answer.status(), () -> "repeated response parameter: " + answer);
            String once = authorization("s3cret", challenge, 9, "");
            SipResponse ok = exchange(s, udp, request("REGISTER", s.getLocalPort(), "sip:127.0.0.1", 9,
                    contact + once));
            assertEquals(200, ok.status(), () -> "the same credentials once: " + ok);
        }
    }

    @Test
    void edgeAnswersTheChallengeWithoutARecordOnTheAuthTopicAndAuthAcceptsItsNonce() throws Exception {
        int udp = startWithAlice();
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     ensemble.embeddedBootstrap()))) {
            s.setSoTimeout(20_000);
            String contact = "Contact: <sip:alice@127.0.0.1:" + s.getLocalPort() + ">\r\n";
            long before = endOffsets(admin, Topics.AUTH);
            SipResponse challenge = exchange(s, udp, request("REGISTER", s.getLocalPort(), "sip:127.0.0.1", 1, contact));
            assertEquals(401, challenge.status());
            assertEquals(before, endOffsets(admin, Topics.AUTH), "the 401 did not cross the bus");
            SipResponse ok = exchange(s, udp, request("REGISTER", s.getLocalPort(), "sip:127.0.0.1", 2,
                    contact + authorization("s3cret", challenge, 2, "")));
            assertEquals(200, ok.status(), () -> "auth accepts the edge's nonce: " + ok);
            assertTrue(endOffsets(admin, Topics.AUTH) > before, "credentials go to auth");
        }
        assertTrue(get("http://127.0.0.1:" + ensemble.managementPort() + "/metrics")
                .contains("vouch_edge_challenges_total{method=\"REGISTER\""), "edge challenges counted");
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        partitions.forEach(p -> spec.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(spec).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    }

    /** Starts the ensemble on a new data directory with user alice (password s3cret); returns the UDP port. */
    private int startWithAlice() throws Exception {
        dataDir = Files.createTempDirectory("vouch-ensemble-it");
        ensemble = start(dataDir);
        addAlice();
        int udp = ensemble.edge().udpPort();
        // Auth answers stale=true to nonces minted before its partitions were assigned plus the rebalance skew
        // (their counters may live elsewhere); one registration proves it is assigned, then the skew passes.
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(20_000);
            assertEquals(200, register(s, udp, "s3cret", "").status());
        }
        Thread.sleep(AuthConfig.DEFAULT_REBALANCE_SKEW.toMillis() + 200);
        return udp;
    }

    private void addAlice() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = UsersCommand.run(new String[] {"add", "alice", "--realm", "127.0.0.1", "--kafka",
            ensemble.embeddedBootstrap()}, new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out), new PrintStream(out));
        assertEquals(0, rc, out::toString);
    }

    private SipResponse register(DatagramSocket s, int udp, String password, String extra) throws Exception {
        int cseq = SEQ.incrementAndGet() * 10;
        SipResponse challenge = exchange(s, udp, request("REGISTER", s.getLocalPort(), "sip:127.0.0.1", cseq, extra));
        assertEquals(401, challenge.status());
        SipResponse answer = null;
        // A UA retries with the fresh nonce when told stale=true (RFC 7616 §3.3); the auth service does that after
        // a rebalance moved the user's partition (its nonce counters stayed with the previous owner).
        for (int attempt = 1; attempt <= 3; attempt++) {
            answer = authorize(s, udp, password, extra, challenge, cseq + attempt);
            boolean stale = answer.status() == 401 && answer.wwwAuthenticates().stream()
                    .anyMatch(h -> h.param("stale").map("true"::equalsIgnoreCase).orElse(false));
            if (!stale) {
                return answer;
            }
            challenge = answer;
        }
        return answer;
    }

    private SipResponse authorize(DatagramSocket s, int udp, String password, String extra, SipResponse challenge,
            int cseq) throws Exception {
        String authorization = authorization(password, challenge, cseq, "");
        return exchange(s, udp, request("REGISTER", s.getLocalPort(), "sip:127.0.0.1", cseq, extra + authorization));
    }

    /** The Authorization header line answering the first challenge; {@code before} goes ahead of the response. */
    private static String authorization(String password, SipResponse challenge, int cseq, String before)
            throws Exception {
        AuthHeader www = challenge.wwwAuthenticates().get(0);
        String algorithm = www.param("algorithm").orElse("MD5");
        String realm = www.param("realm").orElseThrow();
        String nonce = www.param("nonce").orElseThrow();
        String cnonce = "c" + cseq;
        String ha1 = hash(algorithm, "alice:" + realm + ":" + password);
        String ha2 = hash(algorithm, "REGISTER:sip:127.0.0.1");
        String response = hash(algorithm, ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
        String authorization = "Authorization: Digest username=\"alice\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"sip:127.0.0.1\", " + before + "response=\"" + response + "\", algorithm=" + algorithm
                + ", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\""
                + www.param("opaque").map(o -> ", opaque=\"" + o + "\"").orElse("") + "\r\n";
        return authorization;
    }

    private static String hash(String algorithm, String text) throws Exception {
        String jca = switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            case "SHA-512-256" -> "SHA-512/256";
            default -> throw new IllegalArgumentException(algorithm);
        };
        return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String request(String method, int localPort, String ruri, int cseq, String extra) {
        return method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-ens-" + SEQ.incrementAndGet()
                + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=f" + localPort + "\r\n"
                + "To: <sip:alice@127.0.0.1>\r\n"
                + "Call-ID: ensemble-" + localPort + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    /** Sends {@code request} over UDP and returns the first final response. */
    static SipResponse exchange(DatagramSocket s, int port, String request) throws Exception {
        byte[] req = request.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(req, req.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[65535];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            var r = new SipMessageDecoder().decode(buf, 0, p.getLength());
            SipResponse resp = (SipResponse) ((DecodeResult.Parsed) r).message();
            if (resp.status() >= 200) {
                return resp;
            }
        }
    }

    static String get(String url) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

}
