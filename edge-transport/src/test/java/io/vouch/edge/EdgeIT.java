package io.vouch.edge;

import static io.vouch.edge.EdgeTestBed.await;
import static io.vouch.edge.EdgeTestBed.readStreamResponse;
import static io.vouch.edge.EdgeTestBed.receive;
import static io.vouch.edge.EdgeTestBed.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.SipResponse;
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
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The edge against the real embedded broker and real sockets: a small stage answers OPTIONS through Kafka exactly as a
 * service does ({@link EdgeTestBed}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EdgeIT {
    private static EdgeTestBed bed;
    private static EdgeVerticle edge;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        bed = new EdgeTestBed("edge-it");
        dataDir = Files.createTempDirectory("edge-it");
        edge = bed.deployEdge("edge-it", new JsonObject().put("data.dir", dataDir.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bed != null) {
            bed.close();
        }
        KafkaTestSupport.deleteRecursively(dataDir);
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
            int before = bed.handled.get();
            for (int i = 0; i < 3; i++) {
                s.send(new DatagramPacket(req, req.length, to, edge.udpPort()));
            }
            assertEquals(200, receive(s).status());
            s.send(new DatagramPacket(req, req.length, to, edge.udpPort()));
            SipResponse replayed = receive(s);
            assertEquals(200, replayed.status());
            Thread.sleep(500);
            assertEquals(1, bed.handled.get() - before, "the pipeline saw the request once");
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
            // RFC 3261 §17.2.1: not answered within 200 ms, so a 100 Trying stops the client's retransmissions
            assertEquals(100, receive(s).status());
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
        SSLContext ctx = EdgeTestBed.trusting(edge);
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
        EdgeVerticle mtls = new EdgeVerticle(EdgeConfig.from(cfg), KafkaTestSupport.settings(), bed.producer,
                new SimpleMeterRegistry());
        String id = await(bed.vertx.deployVerticle(mtls));
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
            await(bed.vertx.undeploy(id));
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

    @Test
    void undeployingTheEdgeReleasesItsPorts() throws Exception {
        JsonObject cfg = new JsonObject().put("edge.id", KafkaTestSupport.uniqueEdgeId("edge-it-stop"))
                .put("sip.udp.port", 0).put("sip.tcp.port", 0).put("sip.tls.port", -1);
        EdgeVerticle second = new EdgeVerticle(EdgeConfig.from(cfg), KafkaTestSupport.settings(), bed.producer,
                new SimpleMeterRegistry());
        String id = await(bed.vertx.deployVerticle(second));
        int tcp = second.tcpPort();
        await(bed.vertx.undeploy(id));
        try (var ss = new java.net.ServerSocket(tcp, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(tcp, ss.getLocalPort(), "the TCP port is free again");
        }
        assertNull(null);
    }
}
