package io.vouch.edge;

import static io.vouch.edge.EdgeTestBed.readStreamResponse;
import static io.vouch.edge.EdgeTestBed.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The edge's guards against hostile or broken TCP/TLS clients, through real sockets: connection caps, a deadline for
 * completing a message and a TLS handshake, write back-pressure, and the TLS suite and renegotiation policy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EdgeGuardsIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static EdgeTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        bed = new EdgeTestBed("edge-guards-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }

    private static EdgeVerticle edge(JsonObject cfg) throws Exception {
        return bed.deployEdge("edge-guards-it", cfg.put("sip.udp.port", -1));
    }

    /** A connection the edge accepted: it answers a CRLF ping with a pong (RFC 5626 §4.4.1). */
    private static Socket served(int port) throws IOException {
        Socket s = new Socket(LOOPBACK, port);
        s.setSoTimeout(5_000);
        s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals('\r', s.getInputStream().read(), "pong");
        assertEquals('\n', s.getInputStream().read());
        return s;
    }

    /** True when the edge closed the connection (EOF or reset) without answering a ping. */
    private static boolean refused(int port) throws IOException {
        try (Socket s = new Socket(LOOPBACK, port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void refusesConnectionsBeyondThePerSourceCapAndAcceptsAgainWhenOneCloses() throws Exception {
        EdgeVerticle edge = edge(new JsonObject().put("stream.max.connections.per.source", 3));
        double before = bed.count("vouch.edge.connections.refused", "reason", "per_source");
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(served(edge.tcpPort()));
            }
            assertTrue(refused(edge.tcpPort()), "a fourth connection from the same source is closed at once");
            assertEquals(before + 1, bed.count("vouch.edge.connections.refused", "reason", "per_source"));
            open.remove(0).close();
            Thread.sleep(300);
            open.add(served(edge.tcpPort()));
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void refusesConnectionsBeyondTheGlobalCapButKeepsServingOpenOnes() throws Exception {
        EdgeVerticle edge = edge(new JsonObject().put("stream.max.connections", 2));
        double before = bed.count("vouch.edge.connections.refused", "reason", "global");
        try (Socket a = served(edge.tcpPort()); Socket b = served(edge.tcpPort())) {
            assertTrue(refused(edge.tcpPort()));
            assertEquals(before + 1, bed.count("vouch.edge.connections.refused", "reason", "global"));
            a.getOutputStream().write(request("OPTIONS", "sip:example.com", "TCP", a.getLocalPort(), "")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(200, readStreamResponse(a.getInputStream()).status(), "open connections are still served");
        }
    }

    @Test
    void closesAConnectionThatTricklesAMessageByteByByte() throws Exception {
        EdgeVerticle edge = edge(new JsonObject().put("stream.message.timeout.ms", 1500));
        byte[] req = request("OPTIONS", "sip:example.com", "TCP", 5060, "").getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        boolean closed = false;
        try (Socket s = new Socket(LOOPBACK, edge.tcpPort())) {
            s.setSoTimeout(300);
            InputStream in = s.getInputStream();
            for (int i = 0; i < req.length - 1 && !closed; i++) {
                s.getOutputStream().write(req[i]); // one byte every ~0.3 s, each resetting any idle timer
                try {
                    closed = in.read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    closed = false;
                }
            }
        } catch (java.net.SocketException e) {
            closed = true;
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(closed, "a message still incomplete after stream.message.timeout.ms closes the connection");
        assertTrue(seconds < 10, "closed after " + seconds + " s");
        assertTrue(bed.count("vouch.edge.connections.closed", "reason", "message_timeout") >= 1);
    }

    @Test
    void closesATlsConnectionThatNeverHandshakes() throws Exception {
        EdgeVerticle edge = edge(new JsonObject().put("tls.handshake.timeout.ms", 1000));
        try (Socket s = new Socket(LOOPBACK, edge.tlsPort())) {
            s.setSoTimeout(8_000);
            long start = System.nanoTime();
            int b;
            try {
                b = s.getInputStream().read();
            } catch (java.net.SocketException e) {
                b = -1;
            }
            assertEquals(-1, b);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "closed by the handshake timeout");
        }
    }

    @Test
    void stopsReadingFromAClientThatNeverReadsAndClosesItWhenItStaysStuck() throws Exception {
        EdgeVerticle edge = edge(new JsonObject().put("stream.write.queue.max.bytes", 4096)
                .put("stream.write.stall.timeout.ms", 1000).put("rate.limit.exempt.sources", "127.0.0.1"));
        double before = bed.count("vouch.edge.connections.closed", "reason", "write_stall");
        // A pipelined request the edge answers itself (400: CSeq method differs), framing intact.
        String bad = request("OPTIONS", "sip:example.com", "TCP", 5060, "").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
        byte[] burst = bad.repeat(200).getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress(LOOPBACK, edge.tcpPort()));
            // Every request gets a response this client never reads; the edge must not queue them without bound.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        s.getOutputStream().write(burst);
                    }
                } catch (IOException e) {
                    // closed by the edge (or by the test)
                }
            });
            Await.until(() -> bed.count("vouch.edge.connections.closed", "reason", "write_stall") > before, Duration.ofSeconds(60), "the stalled connection to close");
            s.close();
            writer.join(5_000);
        }
        assertEquals(before + 1, bed.count("vouch.edge.connections.closed", "reason", "write_stall"));
    }

    private static SSLSocket tls12(EdgeVerticle edge, String suite) throws Exception {
        SSLSocket s = (SSLSocket) EdgeTestBed.trusting(edge).getSocketFactory().createSocket("127.0.0.1", edge.tlsPort());
        s.setSoTimeout(10_000);
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.setEnabledCipherSuites(new String[] {suite});
        return s;
    }

    @Test
    void offersOnlyAeadSuitesAndRefusesClientRenegotiation() throws Exception {
        EdgeVerticle edge = edge(new JsonObject());
        for (String cbc : new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"}) {
            try (SSLSocket s = tls12(edge, cbc)) {
                assertThrows(IOException.class, s::startHandshake, cbc + " is refused");
            }
        }
        try (SSLSocket s = tls12(edge, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
            s.startHandshake();
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
            s.getOutputStream().write(request("OPTIONS", "sip:example.com", "TLS", s.getLocalPort(), "")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(200, readStreamResponse(s.getInputStream()).status());
            boolean refused;
            try {
                s.startHandshake(); // a client-initiated renegotiation
                s.getOutputStream().write(request("OPTIONS", "sip:example.com", "TLS", s.getLocalPort(), "")
                        .getBytes(StandardCharsets.UTF_8));
                refused = s.getInputStream().read() == -1;
            } catch (IOException e) {
                refused = true;
            }
            assertTrue(refused, "client-initiated renegotiation ends the connection");
        }
        try (SSLSocket s = (SSLSocket) EdgeTestBed.trusting(edge).getSocketFactory().createSocket("127.0.0.1", edge.tlsPort())) {
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            s.startHandshake();
            assertEquals("TLSv1.3", s.getSession().getProtocol());
        }
    }
}
