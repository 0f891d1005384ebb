package io.vouch.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The edge against the real embedded broker and real sockets: a small stage answers OPTIONS through Kafka exactly as a
 * service does (consume the stage topic, produce a {@link SipReply} to the edge's reply topic).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EdgeIT {
    private static final SipMessageDecoder DECODER = new SipMessageDecoder();
    private static final SipMessageEncoder ENCODER = new SipMessageEncoder();
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static Vertx vertx;
    private static BusProducer producer;
    private static EdgeVerticle edge;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        var kafka = KafkaTestSupport.settings();
        KafkaTestSupport.createTopics(VouchTopics.defaults(2));
        vertx = Vertx.vertx();
        var registry = new SimpleMeterRegistry();
        producer = BusProducer.create(kafka, registry);
        // The answering stage: 200 to OPTIONS after a short delay, so retransmissions meet an in-flight transaction.
        StageVerticle stage = StageVerticle.builder(
                StageConfig.of("options-test", List.of(Topics.REGISTRAR), KafkaTestSupport.uniqueGroup("edge-it"), kafka),
                record -> {
                    HANDLED.incrementAndGet();
                    var req = (SipRequest) ((DecodeResult.Parsed) DECODER.decode(record.event().getSip().toByteArray()))
                            .message();
                    byte[] ok = ENCODER.encode(SipResponse.forRequest(req, 200, "OK").header("Allow", "OPTIONS")
                            .header("X-Test-Peer", "[" + record.event().getFlow().getPeerIdentity() + "]").build());
                    SipReply reply = SipReply.newBuilder().setSip(ByteString.copyFrom(ok))
                            .setFlow(record.event().getFlow()).setTransactionId(record.event().getTransactionId())
                            .setStage("options-test").build();
                    return vertx.timer(300).map(t -> List.<Outcome>of(new Outcome.Reply(reply)));
                }, registry).producer(producer).build();
        await(vertx.deployVerticle(stage));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stage.assignment().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // the stage joins its group before the edge sends anything its way
        }

        dataDir = Files.createTempDirectory("edge-it");
        JsonObject cfg = new JsonObject()
                .put("edge.id", KafkaTestSupport.uniqueEdgeId("edge-it"))
                .put("sip.udp.port", 0).put("sip.tcp.port", 0).put("sip.tls.port", 0)
                .put("sip.domains", "example.com,127.0.0.1")
                .put("pipeline.timeout.ms", 5000)
                .put("data.dir", dataDir.toString());
        edge = new EdgeVerticle(EdgeConfig.from(cfg), kafka, producer, registry);
        await(vertx.deployVerticle(edge));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
        if (producer != null) {
            producer.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static String request(String method, String ruri, String transport, int localPort, String extra) {
        int n = SEQ.incrementAndGet();
        return method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";branch=z9hG4bK-it-" + n + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@example.com>;tag=t" + n + "\r\n"
                + "To: <sip:example.com>\r\n"
                + "Call-ID: it-" + n + "@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private static SipResponse parse(byte[] bytes, int len) {
        var r = DECODER.decode(bytes, 0, len);
        assertTrue(r instanceof DecodeResult.Parsed, () -> "not a SIP message: " + r);
        return (SipResponse) ((DecodeResult.Parsed) r).message();
    }

    private static SipResponse receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return parse(buf, p.getLength());
    }

    @Test
    void answersOptionsOverUdpThroughKafka() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(10_000);
            byte[] req = request("OPTIONS", "sip:example.com", "UDP", s.getLocalPort(), "")
                    .getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(req, req.length, InetAddress.getLoopbackAddress(), edge.udpPort()));
            SipResponse r = receive(s);
            assertEquals(200, r.status());
            assertEquals(s.getLocalPort(), r.topVia().rport().orElseThrow(), "RFC 3581 rport filled in");
            assertEquals("127.0.0.1", r.topVia().received().orElseThrow());
        }
    }

    @Test
    void absorbsUdpRetransmissionsAndReplaysTheFinalResponse() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(10_000);
            byte[] req = request("OPTIONS", "sip:example.com", "UDP", s.getLocalPort(), "")
                    .getBytes(StandardCharsets.UTF_8);
            var to = InetAddress.getLoopbackAddress();
            int before = HANDLED.get();
            for (int i = 0; i < 3; i++) {
                s.send(new DatagramPacket(req, req.length, to, edge.udpPort()));
            }
            assertEquals(200, receive(s).status());
            s.send(new DatagramPacket(req, req.length, to, edge.udpPort()));
            SipResponse replayed = receive(s);
            assertEquals(200, replayed.status());
            Thread.sleep(500);
            assertEquals(1, HANDLED.get() - before, "the pipeline saw the request once");
        }
    }

    @Test
    void answers503WithRetryAfterWhenNoStageAnswersInTime() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(10_000);
            // Nobody consumes the identity topic in this test: the edge must answer by itself.
            byte[] req = request("INVITE", "sip:+15551230000@example.com", "UDP", s.getLocalPort(),
                    "Identity: a.b.c;info=<https://example.com/c.pem>\r\n").getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(req, req.length, InetAddress.getLoopbackAddress(), edge.udpPort()));
            SipResponse r = receive(s);
            assertEquals(503, r.status());
            assertTrue(r.headers().first("Retry-After").isPresent());
        }
    }

    @Test
    void answersMalformedUdpRequestWith400AndIgnoresGarbage() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(15_000);
            var to = InetAddress.getLoopbackAddress();
            byte[] garbage = "\u0000\u0001 not sip at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            s.send(new DatagramPacket(garbage, garbage.length, to, edge.udpPort()));
            String bad = request("OPTIONS", "sip:example.com", "UDP", s.getLocalPort(), "")
                    .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
            byte[] req = bad.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(req, req.length, to, edge.udpPort()));
            SipResponse r = receive(s);
            assertEquals(400, r.status(), "only the addressable malformed request is answered");
            s.setSoTimeout(2_000);
            SocketTimeoutException none = null;
            try {
                receive(s);
            } catch (SocketTimeoutException e) {
                none = e;
            }
            assertTrue(none != null, "garbage gets no answer");
        }
    }

    @Test
    void answersOptionsOverTcpAndPongsKeepAlives() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.tcpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals('\r', in.read());
            assertEquals('\n', in.read());
            out.write(request("OPTIONS", "sip:example.com", "TCP", s.getLocalPort(), "")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals(200, readStreamResponse(in).status());
        }
    }

    @Test
    void answersOptionsOverTls() throws Exception {
        X509Certificate cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dataDir.resolve("tls/edge-dev-cert.pem")));
        var ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("edge", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", edge.tlsPort())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            assertTrue(s.getSession().getProtocol().startsWith("TLSv1."));
            s.getOutputStream().write(request("OPTIONS", "sip:example.com", "TLS", s.getLocalPort(), "")
                    .getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            assertEquals(200, readStreamResponse(s.getInputStream()).status());
        }
    }

    @Test
    void mapsAVerifiedClientCertificateToATrustedPeerAndRefusesClientsWithoutOne() throws Exception {
        TestPki pki = new TestPki("sbc.carrier-a.example");
        Path dir = Files.createTempDirectory("edge-it-mtls");
        JsonObject cfg = new JsonObject().put("edge.id", KafkaTestSupport.uniqueEdgeId("edge-it-mtls"))
                .put("sip.udp.port", -1).put("sip.tcp.port", -1).put("sip.tls.port", 0)
                .put("sip.domains", "example.com").put("pipeline.timeout.ms", 5000)
                .put("data.dir", dir.toString())
                .put("tls.client.auth", "required")
                .put("tls.trust.path", pki.writeCaPem(dir).toString())
                .put("tls.trusted.peers", new JsonObject().put("sbc.carrier-a.example", "carrier-a"));
        EdgeVerticle mtls = new EdgeVerticle(EdgeConfig.from(cfg), KafkaTestSupport.settings(), producer,
                new SimpleMeterRegistry());
        String id = await(vertx.deployVerticle(mtls));
        try {
            X509Certificate server = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(dir.resolve("tls/edge-dev-cert.pem")));
            try (SSLSocket s = (SSLSocket) pki.clientContext(server, true).getSocketFactory()
                    .createSocket("127.0.0.1", mtls.tlsPort())) {
                s.setSoTimeout(15_000);
                s.getOutputStream().write(request("OPTIONS", "sip:example.com", "TLS", s.getLocalPort(), "")
                        .getBytes(StandardCharsets.UTF_8));
                SipResponse r = readStreamResponse(s.getInputStream());
                assertEquals(200, r.status());
                assertEquals("[carrier-a]", r.headers().first("X-Test-Peer").orElseThrow());
            }
            boolean refused;
            try (SSLSocket s = (SSLSocket) pki.clientContext(server, false).getSocketFactory()
                    .createSocket("127.0.0.1", mtls.tlsPort())) {
                s.setSoTimeout(15_000);
                s.getOutputStream().write(request("OPTIONS", "sip:example.com", "TLS", s.getLocalPort(), "")
                        .getBytes(StandardCharsets.UTF_8));
                refused = s.getInputStream().read() == -1;
            } catch (java.io.IOException e) {
                refused = true; // handshake failure: no client certificate
            }
            assertTrue(refused, "a client without a certificate gets no service when mutual TLS is required");
        } finally {
            await(vertx.undeploy(id));
            KafkaTestSupport.deleteRecursively(dir);
        }
    }

    @Test
    void closesTcpConnectionWhoseFramingIsLost() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.tcpPort())) {
            s.setSoTimeout(10_000);
            String noLength = request("OPTIONS", "sip:example.com", "TCP", s.getLocalPort(), "")
                    .replace("Content-Length: 0\r\n", "");
            s.getOutputStream().write(noLength.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            SipResponse r = readStreamResponse(in);
            assertEquals(400, r.status());
            assertEquals(-1, in.read(), "connection closed after the 400");
        }
    }

    /** Reads one response framed by Content-Length (the test's own minimal framing). */
    private static SipResponse readStreamResponse(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.UTF_8);
        int len = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:") || line.toLowerCase().startsWith("l:")) {
                len = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(len);
        head.write(body);
        byte[] all = head.toByteArray();
        return parse(all, all.length);
    }

    @Test
    void undeployingTheEdgeReleasesItsPorts() throws Exception {
        JsonObject cfg = new JsonObject().put("edge.id", KafkaTestSupport.uniqueEdgeId("edge-it-stop"))
                .put("sip.udp.port", 0).put("sip.tcp.port", 0).put("sip.tls.port", -1);
        EdgeVerticle second = new EdgeVerticle(EdgeConfig.from(cfg), KafkaTestSupport.settings(), producer,
                new SimpleMeterRegistry());
        String id = await(vertx.deployVerticle(second));
        int tcp = second.tcpPort();
        await(vertx.undeploy(id));
        try (var ss = new java.net.ServerSocket(tcp, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(tcp, ss.getLocalPort(), "the TCP port is free again");
        }
        assertNull(null);
    }
}
