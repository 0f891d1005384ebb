package io.vouch.edge.internal;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vouch.edge.EdgeConfig;
import io.vouch.edge.EdgeCore;
import io.vouch.edge.EdgeMetrics;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Warms the JIT on the edge's real request path before its ports open: synthetic REGISTER (with and without
 * credentials), INVITE and OPTIONS requests are decoded, routed, challenged or "published" and answered through a
 * throwaway {@link EdgeCore} whose publisher and sender go nowhere, so the first real traffic does not meet
 * interpreted code (the cause of retransmission storms in the first seconds after a start). Bounded in time.
 */
public final class EdgeWarmup {
    private static final Flow FLOW = Flow.newBuilder().setEdgeId("warmup").setTransport(Transport.UDP)
            .setRemoteHost("192.0.2.1").setRemotePort(5060).setLocalHost("192.0.2.2").setLocalPort(5060).build();

    private EdgeWarmup() {
    }

    /** Runs synthetic requests for about {@code budgetMs} milliseconds (at most {@code maxRequests}); the count run. */
    public static int run(EdgeConfig config, long budgetMs, int maxRequests) {
        if (budgetMs <= 0 || maxRequests <= 0) {
            return 0;
        }
        Deque<SipEvent> published = new ArrayDeque<>();
        SipMessageDecoder decoder = new SipMessageDecoder(config.codecLimits());
        SipMessageEncoder encoder = new SipMessageEncoder();
        EdgeCore core = new EdgeCore(config, new EdgeMetrics(new SimpleMeterRegistry()), (topic, key, bytes) -> {
            try {
                published.add(SipEvent.parseFrom(bytes));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
            return Future.succeededFuture();
        }, (flow, bytes) -> decoder.decode(bytes) instanceof DecodeResult.Parsed, new EdgeCore.Timers() {
            @Override
            public long set(long delayMs, Runnable task) {
                return 0;
            }

            @Override
            public void cancel(long id) {
            }
        }, System::nanoTime, Clock.systemUTC(), decoder);
        String domain = config.domains().isEmpty() ? config.advertisedHost() : config.domains().get(0);
        long deadline = System.nanoTime() + budgetMs * 1_000_000;
        int n = 0;
        while (n < maxRequests && System.nanoTime() < deadline) {
            core.onDecoded(FLOW, decoder.decode(request(n, domain)));
            n++;
            while (!published.isEmpty()) {
                SipEvent e = published.poll();
                if (decoder.decode(e.getSip().toByteArray()) instanceof DecodeResult.Parsed p
                        && p.message() instanceof SipRequest req) {
                    SipResponse ok = SipResponse.forRequest(req, 200, "OK").build();
                    core.onReply(SipReply.newBuilder().setSip(ByteString.copyFrom(encoder.encode(ok)))
                            .setStatus(ok.status()).setFlow(e.getFlow()).setTransactionId(e.getTransactionId()).build());
                }
            }
        }
        return n;
    }

    /** A reply as a stage would send one for a synthetic REGISTER (the bus warm-up's record value). */
    public static SipReply reply(EdgeConfig config) {
        String domain = config.domains().isEmpty() ? config.advertisedHost() : config.domains().get(0);
        SipMessageDecoder decoder = new SipMessageDecoder(config.codecLimits());
        if (!(decoder.decode(request(1, domain)) instanceof DecodeResult.Parsed p
                && p.message() instanceof SipRequest req)) {
            throw new IllegalStateException("the synthetic REGISTER does not decode");
        }
        SipResponse ok = SipResponse.forRequest(req, 200, "OK").build();
        return SipReply.newBuilder().setSip(ByteString.copyFrom(new SipMessageEncoder().encode(ok)))
                .setStatus(ok.status()).setFlow(FLOW).setTransactionId("warmup").build();
    }

    private static byte[] request(int n, String domain) {
        String user = "warmup" + (n % 1000);
        String method;
        String ruri;
        String extra;
        switch (n % 4) {
            case 0 -> {
                method = "REGISTER";
                ruri = "sip:" + domain;
                extra = "Contact: <sip:" + user + "@192.0.2.1:5060>\r\nExpires: 3600\r\n";
            }
            case 1 -> {
                method = "REGISTER";
                ruri = "sip:" + domain;
                extra = "Contact: <sip:" + user + "@192.0.2.1:5060>\r\nExpires: 3600\r\n"
                        + "Authorization: Digest username=\"" + user + "\", realm=\"" + domain + "\", nonce=\"n" + n
                        + "\", uri=\"sip:" + domain + "\", response=\"00000000000000000000000000000000\", "
                        + "algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c" + n + "\"\r\n";
            }
            case 2 -> {
                method = "INVITE";
                ruri = "sip:+12125551212@" + domain;
                extra = "Contact: <sip:" + user + "@192.0.2.1:5060>\r\nContent-Type: application/sdp\r\n";
            }
            default -> {
                method = "OPTIONS";
                ruri = "sip:" + domain;
                extra = "Accept: application/sdp\r\n";
            }
        }
        return (method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-warm-" + n + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=w" + n + "\r\n"
                + "To: <sip:" + user + "@" + domain + ">\r\n"
                + "Call-ID: warmup-" + n + "@192.0.2.1\r\n"
                + "CSeq: " + (n + 1) + " " + method + "\r\n"
                + "User-Agent: vouch-warmup\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
