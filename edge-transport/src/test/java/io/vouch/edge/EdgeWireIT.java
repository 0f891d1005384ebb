package io.vouch.edge;

import static io.vouch.edge.EdgeTestBed.readStreamResponse;
import static io.vouch.edge.EdgeTestBed.receive;
import static io.vouch.edge.EdgeTestBed.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.sip.SipResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a peer sees on the wire for large datagrams (RFC 3261 §18.1.1), requests with unparseable From/To or IPv6
 * references (RFC 4475 §3.1.2.6, RFC 5118 §4.10) and responses whose connection closed (RFC 3261 §18.2.2): real
 * sockets, the real edge, the embedded broker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EdgeWireIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static EdgeTestBed bed;
    private static EdgeVerticle edge;
    private static TestPki peerPki;

    @BeforeAll
    static void start() throws Exception {
        bed = new EdgeTestBed("edge-wire-it");
        peerPki = new TestPki("localhost");
        Path dir = Files.createTempDirectory("edge-wire-it");
        edge = bed.deployEdge("edge-wire-it", new JsonObject().put("tls.trust.path", peerPki.writeCaPem(dir).toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }

    private static SipResponse udpExchange(String request) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.setSoTimeout(10_000);
            byte[] req = request.replace("@PORT@", Integer.toString(s.getLocalPort())).getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(req, req.length, LOOPBACK, edge.udpPort()));
            return receive(s);
        }
    }

    /** An OPTIONS of exactly {@code size} bytes, padded with a text body. */
    private static String optionsOfSize(int size) {
        String head = request("OPTIONS", "sip:example.com", "UDP", 0, "Content-Type: text/plain\r\n")
                .replace("127.0.0.1:0;", "127.0.0.1:@PORT@;");
        String withLength = head.replace("Content-Length: 0", "Content-Length: %05d");
        // an ephemeral port has five digits, one fewer than the placeholder
        int body = size - String.format(withLength, 0).length() + ("@PORT@".length() - 5);
        return String.format(withLength, body) + "x".repeat(body);
    }

    @Test
    void answersUdpRequestsLargerThanTwoKilobytes() throws Exception {
        for (int size : new int[] {2_049, 60_000}) {
            String req = optionsOfSize(size);
            assertEquals(size, req.replace("@PORT@", "12345").getBytes(StandardCharsets.UTF_8).length);
            SipResponse r = udpExchange(req);
            assertEquals(200, r.status(), "a " + size + " byte datagram is answered: " + r.reason());
        }
    }

    @Test
    void answers400ToAnUnterminatedQuotedDisplayName() throws Exception {
        String req = request("OPTIONS", "sip:example.com", "UDP", 0, "")
                .replace("127.0.0.1:0;", "127.0.0.1:@PORT@;")
                .replace("To: <sip:example.com>", "To: \"Mr. J. User <sip:j.user@example.com>");
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.setSoTimeout(10_000);
            byte[] bytes = req.replace("@PORT@", Integer.toString(s.getLocalPort())).getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, edge.udpPort()));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            // the response copies the unparseable To verbatim, so read it as text
            String text = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("SIP/2.0 400 Bad To\r\n"), text);
            assertTrue(text.contains("\r\nCall-ID: " + req.lines().filter(l -> l.startsWith("Call-ID: ")).findFirst()
                    .orElseThrow().substring(9) + "\r\n"), text);
        }
    }

    @Test
    void answers400ToAnIpv6ReferenceWithThreeColons() throws Exception {
        String req = request("OPTIONS", "sip:[2001:db8:::192.0.2.1]", "UDP", 0, "")
                .replace("127.0.0.1:0;", "127.0.0.1:@PORT@;");
        assertEquals(400, udpExchange(req).status());
    }

    @Test
    void opensANewTcpConnectionToTheViaWhenTheRequestConnectionClosed() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, LOOPBACK)) {
            listener.setSoTimeout(10_000);
            try (Socket s = new Socket(LOOPBACK, edge.tcpPort())) {
                s.getOutputStream().write(request("OPTIONS", "sip:example.com",
                        "SIP/2.0/TCP 127.0.0.1:" + listener.getLocalPort(), "", "").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
            } // closed before the stage answers (300 ms)
            try (Socket back = listener.accept()) {
                back.setSoTimeout(10_000);
                assertEquals(200, readStreamResponse(back.getInputStream()).status());
            }
        }
    }

    @Test
    void opensANewTlsConnectionToTheViaNameAndChecksItsCertificate() throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) peerPki.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, LOOPBACK)) {
            listener.setSoTimeout(10_000);
            sendOverTlsAndClose("SIP/2.0/TLS localhost:" + listener.getLocalPort());
            try (SSLSocket back = (SSLSocket) listener.accept()) {
                back.setSoTimeout(10_000);
                assertEquals(200, readStreamResponse(back.getInputStream()).status());
            }
        }
    }

    @Test
    void refusesToSendTheResponseToAPeerWhoseCertificateDoesNotNameTheVia() throws Exception {
        TestPki other = new TestPki("other.example");
        double failedBefore = bed.count("vouch.edge.reply.reconnects", "result", "failed");
        try (SSLServerSocket listener = (SSLServerSocket) other.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, LOOPBACK)) {
            listener.setSoTimeout(10_000);
            sendOverTlsAndClose("SIP/2.0/TLS localhost:" + listener.getLocalPort());
            boolean delivered;
            try (SSLSocket back = (SSLSocket) listener.accept()) {
                back.setSoTimeout(10_000);
                delivered = readStreamResponse(back.getInputStream()).status() == 200;
            } catch (java.io.IOException | AssertionError e) {
                delivered = false; // the edge aborted the handshake: the certificate names another host
            }
            assertTrue(!delivered, "no response to a peer the certificate does not name");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bed.count("vouch.edge.reply.reconnects", "result", "failed") == failedBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(failedBefore + 1, bed.count("vouch.edge.reply.reconnects", "result", "failed"));
    }

    private static void sendOverTlsAndClose(String sentBy) throws Exception {
        var server = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(Path.of(edge.edgeConfig().dataDir(), "tls/edge-dev-cert.pem")));
        try (SSLSocket s = (SSLSocket) peerPki.clientContext(server, false).getSocketFactory()
                .createSocket("127.0.0.1", edge.tlsPort())) {
            s.startHandshake();
            s.getOutputStream().write(request("OPTIONS", "sip:example.com", sentBy, "", "")
                    .getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
        }
    }

    @Test
    void garbageStillGetsNoAnswer() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.setSoTimeout(1_500);
            byte[] junk = "OPTIONS sip:x SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(junk, junk.length, LOOPBACK, edge.udpPort()));
            SocketTimeoutException none = null;
            try {
                receive(s);
            } catch (SocketTimeoutException e) {
                none = e;
            }
            assertTrue(none != null, "a request with no Via, Call-ID or CSeq cannot be answered");
        }
    }
}
