package io.vouch.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Transport;
import io.vouch.sip.SipResponse;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIP over WebSocket (RFC 7118) at the edge through real sockets and the real broker: the {@code sip} subprotocol
 * and origin checks, one SIP message per WebSocket message, replies on the same connection, CRLF keep-alive, frame
 * limits, Ping probing of quiet clients, and the flow-closed notice that lets the registrar drop bindings at once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebSocketEdgeIT {
    private static final long PING_MS = 400;
    private static final long PONG_MS = 400;
    private static EdgeTestBed bed;
    private static EdgeVerticle edge;

    @BeforeAll
    static void start() throws Exception {
        bed = new EdgeTestBed("edge-ws-it");
        bed.answerRegisters("edge-ws-it");
        edge = bed.deployEdge("edge-ws-it", new JsonObject()
                .put("sip.udp.port", -1).put("sip.tcp.port", -1)
                .put("edge.sip.ws.port", 0).put("edge.sip.wss.port", 0)
                .put("edge.ws.allowed.origins", "https://phone.example.com")
                .put("edge.ws.max.frame.bytes", 4096).put("edge.ws.max.message.bytes", 8192)
                .put("edge.ws.ping.interval.ms", PING_MS).put("edge.ws.pong.timeout.ms", PONG_MS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }

    private static RawWebSocket open(String protocol, String origin) throws IOException {
        return RawWebSocket.connect(edge.wsPort(), null, protocol, origin);
    }

    static String request(String method, String transport, String extra) {
        String n = UUID.randomUUID().toString().substring(0, 8);
        return method + " sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " df7jal23ls0d.invalid;branch=z9hG4bK-ws-" + n + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=t" + n + "\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: ws-" + n + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extra
                + "\r\n"; // no Content-Length: optional over WebSocket (RFC 7118 §5)
    }

    private static SipResponse response(RawWebSocket ws) throws IOException {
        RawWebSocket.Frame f = ws.readData();
        assertTrue(f.opcode() == 0x1 || f.opcode() == 0x2, "data frame, got opcode " + f.opcode());
        return EdgeTestBed.parse(f.payload(), f.payload().length);
    }

    @Test
    void answersOnTheSameConnectionWithTheSipSubprotocol() throws Exception {
        try (RawWebSocket ws = open("sip", null)) {
            assertEquals(101, ws.status);
            assertEquals("sip", ws.headers.get("sec-websocket-protocol"));
            ws.sendText(request("OPTIONS", "WS", ""));
            RawWebSocket.Frame f = ws.readData();
            assertEquals(0x1, f.opcode(), "a text message for a text SIP message");
            SipResponse r = EdgeTestBed.parse(f.payload(), f.payload().length);
            assertEquals(200, r.status());
            assertTrue(r.topVia().toString().startsWith("SIP/2.0/WS df7jal23ls0d.invalid"), r.topVia().toString());
            assertEquals("127.0.0.1", r.topVia().received().orElseThrow());
        }
    }

    @Test
    void takesBinaryMessagesAndWssToo() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(edge.wssPort(), EdgeTestBed.trusting(edge), "sip", null)) {
            assertEquals(101, ws.status);
            ws.sendBinary(request("OPTIONS", "WSS", "").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, response(ws).status());
        }
    }

    @Test
    void refusesAHandshakeWithoutTheSipSubprotocol() throws Exception {
        try (RawWebSocket ws = open(null, null)) {
            assertEquals(400, ws.status);
        }
        try (RawWebSocket ws = open("chat, superchat", null)) {
            assertEquals(400, ws.status);
        }
        double refused = bed.count("vouch.edge.connections.refused", "reason", "ws_subprotocol");
        assertTrue(refused >= 2, "counted: " + refused);
    }

    @Test
    void refusesAForeignOriginAndAcceptsAnAllowedOne() throws Exception {
        try (RawWebSocket ws = open("sip", "https://evil.example.net")) {
            assertEquals(403, ws.status);
        }
        try (RawWebSocket ws = open("sip", "null")) {
            assertEquals(403, ws.status);
        }
        try (RawWebSocket ws = open("sip", "https://phone.example.com")) {
            assertEquals(101, ws.status);
        }
        assertTrue(bed.count("vouch.edge.connections.refused", "reason", "ws_origin") >= 2);
    }

    @Test
    void answersPlainHttpWith426() throws Exception {
        try (var s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), edge.wsPort())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(5_000);
            String line = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 426", line);
        }
    }

    @Test
    void answersADoubleCrlfKeepAliveWithCrlf() throws Exception {
        try (RawWebSocket ws = open("sip", null)) {
            ws.sendText("\r\n\r\n");
            assertEquals("\r\n", ws.readData().text());
        }
    }

    @Test
    void closesAConnectionThatSendsAnOversizedFrame() throws Exception {
        try (RawWebSocket ws = open("sip", null)) {
            ws.sendText(request("OPTIONS", "WS", "X-Pad: " + "a".repeat(5000) + "\r\n"));
            assertTrue(closedByServer(ws), "connection closed");
        }
    }

    @Test
    void closesAConnectionWhoseFragmentsExceedTheMessageLimit() throws Exception {
        try (RawWebSocket ws = open("sip", null)) {
            byte[] part = "a".repeat(4000).getBytes(StandardCharsets.US_ASCII);
            ws.send(0x1, part, false);
            ws.send(0x0, part, false);
            ws.send(0x0, part, true);
            assertTrue(closedByServer(ws), "connection closed");
        }
    }

    /** True once the server sent a Close frame or dropped the connection (data frames before it are skipped). */
    private static boolean closedByServer(RawWebSocket ws) throws IOException {
        try {
            while (true) {
                RawWebSocket.Frame f = ws.read();
                if (f.opcode() == 0x8) {
                    return true;
                }
            }
        } catch (java.io.EOFException | SocketException e) {
            return true;
        }
    }

    private static String register(RawWebSocket ws) throws IOException {
        String instance = "<urn:uuid:" + UUID.randomUUID() + ">";
        ws.sendText(request("REGISTER", "WS", "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>;+sip.instance=\""
                + instance + "\";reg-id=1\r\nSupported: path, gruu, outbound\r\nExpires: 600\r\n"));
        assertEquals(200, response(ws).status());
        return instance;
    }

    private static SipEvent awaitNotice(String remotePort, long fromNanos, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < bed.notices.size(); i++) {
                SipEvent e = bed.notices.get(i);
                if (Integer.toString(e.getFlow().getRemotePort()).equals(remotePort) && bed.noticeNanos.get(i) > fromNanos) {
                    return e;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }

    @Test
    void aCleanCloseTellsTheRegistrarAtOnce() throws Exception {
        RawWebSocket ws = open("sip", null);
        register(ws);
        String port = Integer.toString(ws.socket.getLocalPort());
        long t0 = System.nanoTime();
        ws.sendClose();
        ws.close();
        SipEvent notice = awaitNotice(port, t0, 20);
        assertTrue(notice != null, "flow-closed notice published");
        assertEquals(Transport.WS, notice.getFlow().getTransport());
        assertTrue(notice.getFlowClosed());
        System.out.printf("ws clean close → registrar notice: %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(bed.noticeNanos.get(bed.notices.indexOf(notice)) - t0));
    }

    @Test
    void aClientThatStopsAnsweringIsClosedAfterThePingTimeoutAndReported() throws Exception {
        RawWebSocket ws = open("sip", null);
        register(ws);
        String port = Integer.toString(ws.socket.getLocalPort());
        long t0 = System.nanoTime(); // the client disappears: it never reads or answers again
        SipEvent notice = awaitNotice(port, t0, 20);
        assertTrue(notice != null, "flow-closed notice published");
        long ms = TimeUnit.NANOSECONDS.toMillis(bed.noticeNanos.get(bed.notices.indexOf(notice)) - t0);
        System.out.printf("ws silent client → registrar notice: %d ms (ping %d ms + pong timeout %d ms)%n", ms,
                PING_MS, PONG_MS);
        assertTrue(bed.count("vouch.edge.connections.closed", "reason", "ws_ping_timeout") >= 1);
        assertTrue(bed.count("vouch.edge.flow.closed.notices", "transport", "ws") >= 1);
        ws.close();
    }

    @Test
    void aClientThatAnswersPingsStaysOpen() throws Exception {
        try (RawWebSocket ws = open("sip", null)) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * (PING_MS + PONG_MS));
            int pings = 0;
            while (System.nanoTime() < until) {
                RawWebSocket.Frame f = ws.read();
                assertEquals(0x9, f.opcode(), "only Pings while idle");
                ws.send(0xA, f.payload(), true);
                pings++;
            }
            assertTrue(pings >= 2, "pinged " + pings + " times");
            ws.sendText("\r\n\r\n");
            assertEquals("\r\n", ws.readData().text());
        }
    }
}
