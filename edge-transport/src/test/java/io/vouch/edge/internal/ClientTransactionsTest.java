package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vouch.edge.EdgeCore;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClientTransactionsTest {
    private static final Flow UDP = Flow.newBuilder().setEdgeId("e1").setTransport(Transport.UDP)
            .setRemoteHost("192.0.2.7").setRemotePort(5070).setLocalHost("192.0.2.1").setLocalPort(5060).build();
    private static final String NOTIFY = """
            NOTIFY sip:bob@192.0.2.7:5070 SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnotify1\r
            Max-Forwards: 70\r
            From: <sip:alice@example.com>;tag=ours\r
            To: <sip:bob@example.com>;tag=theirs\r
            Call-ID: sub-1\r
            CSeq: 1 NOTIFY\r
            Event: certificate\r
            Subscription-State: active;expires=600\r
            Content-Length: 0\r
            \r
            """;

    private final List<byte[]> sent = new ArrayList<>();
    private final List<SipEvent> published = new ArrayList<>();
    private final TreeMap<Long, Runnable> timers = new TreeMap<>();
    private long now;
    private long nextId;

    private ClientTransactions clients() {
        EdgeCore.Timers t = new EdgeCore.Timers() {
            @Override
            public long set(long delayMs, Runnable task) {
                long id = (now + delayMs) * 1000 + nextId++;
                timers.put(id, task);
                return id;
            }

            @Override
            public void cancel(long id) {
                timers.remove(id);
            }
        };
        return new ClientTransactions(500, 10, (flow, bytes) -> sent.add(bytes), t, (topic, key, event) -> {
            try {
                assertEquals("vouch.sip.cert", topic);
                assertEquals("alice@example.com", key);
                published.add(SipEvent.parseFrom(event));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return io.vertx.core.Future.succeededFuture();
        }, Clock.systemUTC());
    }

    private void advanceTo(long ms) {
        while (!timers.isEmpty() && timers.firstKey() / 1000 <= ms) {
            var e = timers.pollFirstEntry();
            now = e.getKey() / 1000;
            e.getValue().run();
        }
        now = ms;
    }

    private static SipReply reply(Flow flow) {
        return SipReply.newBuilder().setSip(ByteString.copyFrom(NOTIFY, StandardCharsets.UTF_8)).setFlow(flow)
                .setResponseTopic("vouch.sip.cert").setResponseKey("alice@example.com").build();
    }

    private static SipResponse response(int status) {
        String text = NOTIFY.replace("NOTIFY sip:bob@192.0.2.7:5070 SIP/2.0", "SIP/2.0 " + status + " X")
                .replace("Max-Forwards: 70\r\n", "");
        return (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(text.getBytes(StandardCharsets.UTF_8))).message();
    }

    private static int status(SipEvent e) {
        return ((SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder().decode(e.getSip().toByteArray()))
                .message()).status();
    }

    @Test
    void retransmitsOverUdpOnTimerEDoublingToT2AndTimesOutOnTimerF() {
        ClientTransactions c = clients();
        assertTrue(c.start(reply(UDP)));
        assertEquals(1, sent.size());
        advanceTo(500);
        assertEquals(2, sent.size());
        advanceTo(1500);
        assertEquals(3, sent.size());
        advanceTo(3500);
        assertEquals(4, sent.size());
        advanceTo(7500);
        assertEquals(5, sent.size()); // capped at T2 = 4 s
        advanceTo(31_999);
        assertTrue(published.isEmpty());
        advanceTo(32_000);
        assertEquals(1, published.size());
        assertEquals(408, status(published.getFirst()));
        assertEquals(0, c.size());
    }

    @Test
    void aFinalResponseEndsTheTransactionAndIsDelivered() {
        ClientTransactions c = clients();
        c.start(reply(UDP));
        assertTrue(c.onResponse(UDP, response(481)));
        assertEquals(481, status(published.getFirst()));
        advanceTo(60_000);
        assertEquals(1, sent.size(), "no retransmission after the final response");
        assertEquals(1, published.size());
        assertFalse(c.onResponse(UDP, response(481)), "a late duplicate matches nothing");
    }

    @Test
    void overTcpOnlyTimerFRuns() {
        ClientTransactions c = clients();
        c.start(reply(UDP.toBuilder().setTransport(Transport.TCP).setFlowId("c1").build()));
        advanceTo(31_000);
        assertEquals(1, sent.size());
        advanceTo(32_000);
        assertEquals(408, status(published.getFirst()));
    }

    @Test
    void ignoresResponsesFromAnotherPeer() {
        ClientTransactions c = clients();
        c.start(reply(UDP));
        assertFalse(c.onResponse(UDP.toBuilder().setRemoteHost("203.0.113.9").build(), response(481)));
        assertTrue(published.isEmpty());
        assertTrue(c.onResponse(UDP, response(100)));
        assertTrue(published.isEmpty());
        assertTrue(c.onResponse(UDP, response(200)));
        assertEquals(200, status(published.getFirst()));
    }
}
