package io.vouch.edge.internal;

import com.google.protobuf.ByteString;
import io.vouch.edge.EdgeCore;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Non-INVITE client transactions the edge runs for services (RFC 3261 §17.1.2), e.g. a NOTIFY: the request goes out
 * on the flow the service names; over UDP it is retransmitted on Timer E (T1 doubling to T2, T2 once a provisional
 * response came), and Timer F (64·T1) ends it on every transport with a 408 made here (§8.1.3.1). The final response
 * (or that 408) is published as a {@link SipEvent} to the topic and key the service asked for. Responses are matched
 * by top-Via branch and CSeq method, and only from the flow's peer. Not thread-safe: one event loop.
 */
public final class ClientTransactions {
    /** RFC 3261 §17.1.2.2 default T2: the cap of non-INVITE retransmission intervals. */
    public static final long T2_MS = 4000;

    private final long t1Ms;
    private final int max;
    private final EdgeCore.FlowSender sender;
    private final EdgeCore.Timers timers;
    private final EdgeCore.Publisher publisher;
    private final Clock clock;
    private final SipMessageDecoder decoder = new SipMessageDecoder();
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        final SipReply reply;
        final SipRequest request;
        final byte[] bytes;
        long interval;
        long timerE = -1;
        long timerF = -1;

        Entry(SipReply reply, SipRequest request, byte[] bytes, long interval) {
            this.reply = reply;
            this.request = request;
            this.bytes = bytes;
            this.interval = interval;
        }
    }

    public ClientTransactions(long t1Ms, int max, EdgeCore.FlowSender sender, EdgeCore.Timers timers,
                              EdgeCore.Publisher publisher, Clock clock) {
        this.t1Ms = t1Ms;
        this.max = max;
        this.sender = sender;
        this.timers = timers;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Starts the transaction {@code reply} asks for; false (nothing sent) when it is not a usable request. */
    public boolean start(SipReply reply) {
        byte[] bytes = reply.getSip().toByteArray();
        if (!(decoder.decode(bytes) instanceof DecodeResult.Parsed p) || !(p.message() instanceof SipRequest req)
                || req.is("INVITE") || req.is("ACK") || req.topVia().branch().isEmpty()) {
            return false;
        }
        String key = key(req.topVia().branch().get(), req.cseq().method());
        if (entries.containsKey(key)) {
            return true; // a redelivered request: the running transaction already carries it
        }
        if (entries.size() >= max) {
            return false;
        }
        Entry e = new Entry(reply, req, bytes, t1Ms);
        entries.put(key, e);
        if (!sender.send(reply.getFlow(), bytes)) {
            finish(key, e, timeout(req, 503, "Flow Closed"));
            return true;
        }
        if (reply.getFlow().getTransport() == Transport.UDP) {
            e.timerE = timers.set(e.interval, () -> retransmit(key));
        }
        e.timerF = timers.set(64 * t1Ms, () -> {
            Entry gone = entries.get(key);
            if (gone != null) {
                finish(key, gone, timeout(gone.request, 408, "Request Timeout"));
            }
        });
        return true;
    }

    private void retransmit(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        sender.send(e.reply.getFlow(), e.bytes);
        e.interval = Math.min(2 * e.interval, T2_MS);
        e.timerE = timers.set(e.interval, () -> retransmit(key));
    }

    /** Handles a response from {@code flow}; false when it belongs to no transaction here. */
    public boolean onResponse(Flow flow, SipResponse resp) {
        if (resp.vias().isEmpty() || resp.topVia().branch().isEmpty()) {
            return false;
        }
        String key = key(resp.topVia().branch().get(), resp.cseq().method());
        Entry e = entries.get(key);
        if (e == null || !e.reply.getFlow().getRemoteHost().equals(flow.getRemoteHost())) {
            return false;
        }
        if (resp.status() < 200) {
            e.interval = T2_MS; // §17.1.2.2 Proceeding: retransmit every T2
            return true;
        }
        finish(key, e, resp);
        return true;
    }

    private void finish(String key, Entry e, SipResponse resp) {
        entries.remove(key);
        if (e.timerE >= 0) {
            timers.cancel(e.timerE);
        }
        if (e.timerF >= 0) {
            timers.cancel(e.timerF);
        }
        long micros = clock.millis() * 1000;
        SipEvent event = SipEvent.newBuilder()
                .setSip(ByteString.copyFrom(encoder.encode(resp)))
                .setFlow(e.reply.getFlow())
                .setReceivedAtEpochMicros(micros)
                .setTraceId(e.reply.getTraceId())
                .setTransactionId(e.reply.getTransactionId())
                .build();
        publisher.publish(e.reply.getResponseTopic(), e.reply.getResponseKey().isEmpty() ? null
                : e.reply.getResponseKey(), event.toByteArray());
    }

    private static SipResponse timeout(SipRequest req, int status, String reason) {
        return SipResponse.forRequest(req, status, reason, io.vouch.sip.SipIds.newTag()).build();
    }

    /** Transactions running. */
    public int size() {
        return entries.size();
    }

    private static String key(String branch, String method) {
        return branch + " " + method;
    }
}
