package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.NetUtil;
import io.vouch.edge.EdgeMetrics;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatagramGateTest {
    private static final InetAddress FLOODER = NetUtil.createInetAddressFromIpAddressString("198.51.100.1");
    private static final InetAddress EXEMPT = NetUtil.createInetAddressFromIpAddressString("127.0.0.1");
    private static final InetAddress EXEMPT_V6 = NetUtil.createInetAddressFromIpAddressString("::1");

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger inFlight = new AtomicInteger();

    private DatagramGate gate(int floodThreshold, int queueMax) {
        return new DatagramGate(1000, queueMax, List.of("127.0.0.1", "::1", "not-an-address"),
                new FloodAdmission<>(floodThreshold, 0, 60, 100), inFlight::get, () -> 0L, new EdgeMetrics(registry));
    }

    private double count(String name, String reason) {
        var c = registry.find(name).tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void dropsADatagramOverTheLimitWholeAndCountsIt() {
        DatagramGate g = gate(10, 10);
        assertTrue(g.admit(FLOODER, 1000));
        assertFalse(g.admit(FLOODER, 1001));
        assertEquals(1, count("vouch.edge.dropped", "datagram_too_large"));
        assertEquals(1, g.queued());
    }

    @Test
    void datagramsWaitingForTheEventLoopCountTowardTheFloodThreshold() {
        DatagramGate g = gate(3, 100);
        inFlight.set(1);
        assertTrue(g.admit(FLOODER, 100));
        assertTrue(g.admit(FLOODER, 100));
        assertFalse(g.admit(FLOODER, 100), "1 in flight + 2 waiting reach the threshold of 3");
        assertEquals(1, count("vouch.edge.shed", "flood"));
        g.handled();
        assertTrue(g.admit(FLOODER, 100), "one handled frees a place");
        assertTrue(g.admit(EXEMPT, 100), "exempt sources skip flood admission");
        assertTrue(g.admit(EXEMPT_V6, 100), "in any spelling of the address");
    }

    @Test
    void boundsTheDatagramsWaitingForTheEventLoopForEverySource() {
        DatagramGate g = gate(0, 2);
        assertTrue(g.admit(EXEMPT, 100));
        assertTrue(g.admit(FLOODER, 100));
        assertFalse(g.admit(EXEMPT, 100));
        assertEquals(1, count("vouch.edge.shed", "udp_queue"));
        assertEquals(2, g.queued());
        g.handled();
        assertTrue(g.admit(EXEMPT, 100));
    }
}
