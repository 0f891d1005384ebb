package io.vouch.edge;

import static io.vouch.edge.EdgeTestBed.receive;
import static io.vouch.edge.EdgeTestBed.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.epoll.Epoll;
import io.vertx.core.json.JsonObject;
import io.vouch.sip.SipResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UDP port read by several sockets (SO_REUSEPORT), through real sockets and the embedded broker: every socket
 * takes requests, every response leaves from the listening port (RFC 3261 §18.2.2, RFC 3581), the receive buffer
 * key reaches the kernel, NIO still works when epoll is not used, and a flood is refused before decoding.
 */
class UdpReadersIT {
    private static EdgeTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        bed = new EdgeTestBed("udp-readers");
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    /** Sends an OPTIONS from each socket and checks each 200 came from the edge's port; returns them. */
    private static List<SipResponse> optionsFromEach(List<DatagramSocket> clients, int edgePort) throws Exception {
        for (DatagramSocket c : clients) {
            byte[] req = request("OPTIONS", "sip:example.com", "UDP", c.getLocalPort(), "")
                    .getBytes(StandardCharsets.UTF_8);
            c.send(new DatagramPacket(req, req.length, InetAddress.getLoopbackAddress(), edgePort));
        }
        List<SipResponse> answers = new ArrayList<>();
        for (DatagramSocket c : clients) {
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            c.receive(p);
            assertEquals(edgePort, p.getPort(), "the response leaves from the listening port");
            SipResponse r = EdgeTestBed.parse(buf, p.getLength());
            assertEquals(200, r.status());
            answers.add(r);
        }
        return answers;
    }

    private static List<DatagramSocket> clients(int n) throws Exception {
        List<DatagramSocket> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            s.setSoTimeout(20_000);
            clients.add(s);
        }
        return clients;
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        var g = registry.find(name).tags(tags).gauge();
        assertTrue(g != null, name + " " + String.join(",", tags) + " is exported");
        return g.value();
    }

    @Test
    void everyReaderSocketTakesRequestsAndAnswersFromTheListeningPort() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        assumeTrue(Epoll.isAvailable(), "native epoll loads on this machine");
        EdgeVerticle edge = bed.deployEdge("udp-readers-4", new JsonObject().put("edge.sip.udp.readers", 4),
                registry);
        List<DatagramSocket> clients = clients(48);
        try {
            bed.udpSockets.clear();
            optionsFromEach(clients, edge.udpPort());
            assertEquals(4, gauge(registry, "vouch.edge.udp.readers", "transport", "epoll"));
            // the kernel spreads 48 source ports over the 4 sockets; each socket's requests reached the stage
            assertEquals(Set.of(0, 1, 2, 3), Set.copyOf(bed.udpSockets));
            assertEquals(4, socketsOn(edge.udpPort()), "four sockets are bound to the port");
        } finally {
            clients.forEach(DatagramSocket::close);
        }
    }

    @Test
    void readsWithNioWhenNativeTransportIsOff() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        EdgeVerticle edge = bed.deployEdge("udp-nio", new JsonObject().put("edge.sip.udp.native", false)
                .put("edge.sip.udp.readers", 2), registry);
        List<DatagramSocket> clients = clients(8);
        try {
            optionsFromEach(clients, edge.udpPort());
            assertEquals(2, gauge(registry, "vouch.edge.udp.readers", "transport", "nio"));
            assertEquals(Math.min(4 << 20, rmemMax()), (long) gauge(registry, "vouch.edge.udp.receive.buffer.bytes"),
                    "the default buffer, as NIO reports it");
        } finally {
            clients.forEach(DatagramSocket::close);
        }
    }

    @Test
    void theReceiveBufferKeyReachesTheKernelCappedByRmemMax() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        long rmemMax = rmemMax();
        int asked = 1 << 20;
        EdgeVerticle edge = bed.deployEdge("udp-rcvbuf", new JsonObject()
                .put("edge.sip.udp.receive.buffer.bytes", asked).put("edge.sip.udp.readers", 1), registry);
        assertEquals(Math.min(asked, rmemMax), (long) gauge(registry, "vouch.edge.udp.receive.buffer.bytes"),
                "granted: what was asked, up to net.core.rmem_max (" + rmemMax + ")");
        List<DatagramSocket> clients = clients(1);
        try {
            optionsFromEach(clients, edge.udpPort());
        } finally {
            clients.forEach(DatagramSocket::close);
        }
    }

    @Test
    void aFloodFromAnUnregisteredSourceIsRefusedBeforeDecodingWhileARegisteredOneIsServed() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        bed.answerRegisters("udp-flood");
        EdgeVerticle edge = bed.deployEdge("udp-flood", new JsonObject()
                .put("edge.flood.unverified.max.in.flight", 1).put("edge.flood.unverified.per.source.per.s", 0)
                .put("edge.pipeline.timeout.ms", 60_000), registry);
        int port = edge.udpPort();
        try (DatagramSocket registered = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
                DatagramSocket flooder = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
            registered.setSoTimeout(20_000);
            send(registered, port, request("REGISTER", "sip:example.com", "SIP/2.0/UDP 127.0.0.2:"
                    + registered.getLocalPort(), ";rport", "Contact: <sip:a@127.0.0.2>\r\nExpires: 60\r\n"));
            assertEquals(200, receive(registered).status());
            // an unanswered MESSAGE holds the pipeline at the threshold for the pipeline timeout
            send(flooder, port, request("MESSAGE", "sip:bob@example.com", "SIP/2.0/UDP 127.0.0.3:"
                    + flooder.getLocalPort(), ";rport", ""));
            awaitInFlight(registry, 1);
            double shed0 = counter(registry, "vouch.edge.shed", "reason", "flood");
            double malformed0 = total(registry, "vouch.edge.malformed");
            for (int i = 0; i < 50; i++) {
                send(flooder, port, "OPTIONS garbage that is never decoded " + i + "\r\n\r\n");
            }
            send(registered, port, request("OPTIONS", "sip:example.com", "SIP/2.0/UDP 127.0.0.2:"
                    + registered.getLocalPort(), ";rport", ""));
            assertEquals(200, receive(registered).status(), "the registered source is still served");
            awaitCounter(registry, "vouch.edge.shed", "flood", shed0 + 50);
            assertEquals(malformed0, total(registry, "vouch.edge.malformed"), "flood datagrams are never decoded");
        }
    }

    private static void send(DatagramSocket s, int port, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    private static void awaitInFlight(MeterRegistry registry, int n) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (registry.find("vouch.edge.transactions.in.flight").gauges().stream()
                .mapToDouble(g -> g.value()).max().orElse(0) < n) {
            assertTrue(System.nanoTime() < deadline, "the MESSAGE is in flight");
            Thread.sleep(20);
        }
    }

    private static void awaitCounter(MeterRegistry registry, String name, String reason, double atLeast)
            throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (counter(registry, name, "reason", reason) < atLeast) {
            assertTrue(System.nanoTime() < deadline, () -> name + "{" + reason + "} reached " + atLeast + ", is "
                    + counter(registry, name, "reason", reason));
            Thread.sleep(20);
        }
    }

    private static double counter(MeterRegistry registry, String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private static double total(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** net.core.rmem_max (read by lines: a whole-file read of this procfs entry comes back cut here). */
    private static long rmemMax() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/sys/net/core/rmem_max")), "a Linux kernel");
        return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).trim());
    }

    /** Sockets bound to local UDP {@code port}, from /proc/net/udp and udp6 (Linux). */
    private static long socketsOn(int port) throws Exception {
        String hex = String.format(":%04X", port);
        long n = 0;
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            n += Files.readAllLines(Path.of(table)).stream().skip(1)
                    .map(l -> l.trim().split("\\s+")[1]).filter(local -> local.endsWith(hex)).count();
        }
        return n;
    }
}
