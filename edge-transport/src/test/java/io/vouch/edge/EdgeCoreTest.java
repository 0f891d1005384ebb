package io.vouch.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EdgeCoreTest {
    private static final Flow UDP_FLOW = Flow.newBuilder().setEdgeId("e1").setTransport(Transport.UDP)
            .setRemoteHost("192.0.2.10").setRemotePort(5070).setLocalHost("127.0.0.1").setLocalPort(5060).build();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Published> published = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private final TreeMap<Long, long[]> timerDue = new TreeMap<>();
    private final java.util.Map<Long, Runnable> timerTasks = new java.util.HashMap<>();
    private long now;
    private long nextTimer;
    private boolean publishFails;
    /** The core under test, for the sender to look at its state as each response leaves. */
    private EdgeCore current;
    private final List<Integer> inFlightAtSend = new ArrayList<>();

    record Published(String topic, String key, SipEvent event) {
    }

    record Sent(Flow flow, SipResponse response) {
    }

    private EdgeCore core(JsonObject overrides) {
        JsonObject c = new JsonObject().put("edge.id", "e1").put("sip.domains", "example.com,127.0.0.1")
                .put("pipeline.timeout.ms", 1000).put("retry.after.s", 7).mergeIn(overrides);
        EdgeCore core = new EdgeCore(EdgeConfig.from(c), new EdgeMetrics(registry),
                (topic, key, bytes) -> {
                    if (publishFails) {
                        return Future.failedFuture("broker down");
                    }
                    try {
                        published.add(new Published(topic, key, SipEvent.parseFrom(bytes)));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    return Future.succeededFuture();
                },
                (flow, bytes) -> {
                    if (current != null) {
                        inFlightAtSend.add(current.inFlight());
                    }
                    var r = new SipMessageDecoder().decode(bytes);
                    sent.add(new Sent(flow, (SipResponse) ((DecodeResult.Parsed) r).message()));
                    return true;
                },
                new EdgeCore.Timers() {
                    @Override
                    public long set(long delayMs, Runnable task) {
                        long id = ++nextTimer;
                        timerDue.put(id, new long[] {now + delayMs * 1_000_000});
                        timerTasks.put(id, task);
                        return id;
                    }

                    @Override
                    public void cancel(long id) {
                        timerDue.remove(id);
                        timerTasks.remove(id);
                    }
                },
                () -> now, Clock.systemUTC(), new SipMessageDecoder());
        current = core;
        return core;
    }

    @Test
    void aPipelineResponseLeavesOnlyOnceItsTransactionIsCompleted() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("REGISTER", "sip:example.com", "z9hG4bKdone", ""));
        assertEquals(1, core.inFlight());
        core.onReply(replyFor(published.get(0).event(), 200));
        // the client may answer at once (a retransmission, its next request): that must find the transaction over
        assertEquals(List.of(0), inFlightAtSend);
    }

    private void advanceMillis(long ms) {
        now += ms * 1_000_000;
        for (Long id : new ArrayList<>(timerDue.keySet())) {
            long[] due = timerDue.get(id);
            if (due != null && due[0] <= now) {
                timerDue.remove(id);
                timerTasks.remove(id).run();
            }
        }
    }

    private static byte[] request(String method, String ruri, String branch, String extra) {
        String msg = method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: call-" + branch + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
        return msg.getBytes(StandardCharsets.UTF_8);
    }

    private static SipReply replyFor(SipEvent event, int status) {
        SipRequest req = (SipRequest) ((DecodeResult.Parsed) new SipMessageDecoder().decode(event.getSip().toByteArray()))
                .message();
        byte[] bytes = new SipMessageEncoder().encode(SipResponse.forRequest(req, status, "Whatever").build());
        return SipReply.newBuilder().setSip(com.google.protobuf.ByteString.copyFrom(bytes)).setStatus(status)
                .setFlow(event.getFlow())
                .setTransactionId(event.getTransactionId()).build();
    }

    private double count(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void publishesOptionsForOwnDomainToRegistrarAndSendsItsReply() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bK1", ""));

        assertEquals(1, published.size());
        Published p = published.get(0);
        assertEquals(Topics.REGISTRAR, p.topic());
        assertEquals("call-z9hG4bK1", p.key(), "OPTIONS are keyed by Call-ID: no per-AOR state");
        assertEquals("e1", p.event().getFlow().getEdgeId());
        assertEquals(32, p.event().getTraceId().length());
        assertTrue(sent.isEmpty());

        core.onReply(replyFor(p.event(), 200));
        assertEquals(1, sent.size());
        assertEquals(200, sent.get(0).response().status());
        assertEquals(0, core.inFlight());
        assertEquals(1, count("vouch.edge.responses", "code", "200", "source", "pipeline"));
    }

    @Test
    void absorbsRetransmissionsInFlightAndReplaysTheFinalResponse() {
        EdgeCore core = core(new JsonObject());
        byte[] options = request("OPTIONS", "sip:example.com", "z9hG4bK2", "");
        core.onDatagram(UDP_FLOW, options);
        core.onDatagram(UDP_FLOW, options);
        assertEquals(1, published.size(), "a retransmission in flight is not republished");
        assertTrue(sent.isEmpty(), "non-INVITE retransmissions in flight get no provisional");

        core.onReply(replyFor(published.get(0).event(), 200));
        core.onDatagram(UDP_FLOW, options);
        assertEquals(1, published.size());
        assertEquals(2, sent.size());
        assertEquals(sent.get(0).response(), sent.get(1).response(), "the same final response is replayed");
        assertEquals(1, count("vouch.edge.retransmissions", "state", "completed"));
    }

    @Test
    void answersRetransmittedInviteInFlightWithTrying() {
        EdgeCore core = core(new JsonObject());
        byte[] invite = request("INVITE", "sip:bob@example.com", "z9hG4bK3", "");
        core.onDatagram(UDP_FLOW, invite);
        core.onDatagram(UDP_FLOW, invite);
        assertEquals(1, published.size());
        assertEquals(Topics.AUTH, published.get(0).topic());
        assertEquals(100, sent.get(0).response().status());
    }

    @Test
    void sendsTryingForAnInviteStillInThePipelineAfterTheDelayOnly() {
        EdgeCore core = core(new JsonObject().put("invite.trying.ms", 200));
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:bob@example.com", "z9hG4bKt1", ""));
        advanceMillis(100);
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:bob@example.com", "z9hG4bKt2", ""));
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:bob@example.com", "z9hG4bKt3", ""));
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bKt4", ""));
        core.onReply(replyFor(published.get(2).event(), 302));
        assertEquals(List.of(302), sent.stream().map(s -> s.response().status()).toList());

        advanceMillis(99);
        assertEquals(1, sent.size(), "nothing before the delay");
        advanceMillis(1);
        assertEquals(List.of(302, 100), sent.stream().map(s -> s.response().status()).toList());
        assertEquals("z9hG4bKt1", sent.get(1).response().topVia().branch().orElseThrow());
        advanceMillis(100);
        // t2 is still in flight and gets its Trying; t3 was answered; the OPTIONS never gets one (non-INVITE)
        assertEquals(List.of(302, 100, 100), sent.stream().map(s -> s.response().status()).toList());
        assertEquals("z9hG4bKt2", sent.get(2).response().topVia().branch().orElseThrow());
        advanceMillis(1000);
        assertEquals(List.of(302, 100, 100, 503, 503, 503), sent.stream().map(s -> s.response().status()).toList(),
                "the pipeline deadline still ends them; no second Trying");
    }

    @Test
    void sendsTryingAtOnceWhenTheDelayIsZero() {
        EdgeCore core = core(new JsonObject().put("invite.trying.ms", 0));
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:bob@example.com", "z9hG4bKt5", ""));
        assertEquals(List.of(100), sent.stream().map(s -> s.response().status()).toList());
        core.onReply(replyFor(published.get(0).event(), 302));
        assertEquals(List.of(100, 302), sent.stream().map(s -> s.response().status()).toList());
    }

    @Test
    void answers503AtOnceWhenEvenTheQuickestRepliesOfATopicAreLate() {
        EdgeCore core = core(new JsonObject().put("overload.target.ms", 200).put("overload.interval.ms", 100)
                .put("pipeline.timeout.ms", 60_000));
        // a stage with a standing queue: every admitted request is answered 300 ms after it was published, for 3 s
        List<Long> publishedAt = new ArrayList<>();
        int replied = 0;
        for (int ms = 0; ms < 3000; ms += 10) {
            core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bKo" + ms, ""));
            if (published.size() > publishedAt.size()) {
                publishedAt.add((long) ms);
            }
            advanceMillis(10);
            while (replied < publishedAt.size() && publishedAt.get(replied) <= ms + 10 - 300) {
                core.onReply(replyFor(published.get(replied++).event(), 200));
            }
        }
        double refused = count("vouch.edge.shed", "reason", "pipeline_delay");
        assertTrue(refused > 100, "most new requests answered 503 at once: " + refused);
        assertTrue(sent.stream().anyMatch(s -> s.response().status() == 503
                && s.response().headers().first("Retry-After").isPresent()));
        double share = registry.find("vouch.edge.overload.refused").tag("topic", Topics.REGISTRAR).gauge().value();
        assertTrue(share > 0.5, "gauge: " + share);
    }

    @Test
    void answers503WithRetryAfterWhenThePipelineIsSilentAndDropsTheLateReply() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bK4", ""));
        advanceMillis(999);
        assertTrue(sent.isEmpty());
        advanceMillis(1);
        assertEquals(503, sent.get(0).response().status());
        assertEquals("7", sent.get(0).response().headers().first("Retry-After").orElseThrow());

        core.onReply(replyFor(published.get(0).event(), 200));
        assertEquals(1, sent.size(), "the late pipeline reply is not sent after the 503");
        assertEquals(1, count("vouch.edge.dropped", "reason", "late_reply"));
    }

    @Test
    void shedsLoadBeyondTheInFlightBound() {
        EdgeCore core = core(new JsonObject().put("max.in.flight", 1));
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bK5", ""));
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bK6", ""));
        assertEquals(1, published.size());
        assertEquals(503, sent.get(0).response().status());
        assertEquals(1, count("vouch.edge.shed", "reason", "overload"));
    }

    @Test
    void answers503WhenPublishingFails() {
        EdgeCore core = core(new JsonObject());
        publishFails = true;
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bK7", ""));
        assertEquals(503, sent.get(0).response().status());
        assertEquals(0, core.inFlight());
    }

    @Test
    void answersMalformedRequestWith400AndDropsWhatCannotBeAddressed() {
        EdgeCore core = core(new JsonObject());
        byte[] noCallId = ("OPTIONS sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK8\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        core.onDatagram(UDP_FLOW, noCallId);
        assertTrue(sent.isEmpty() || sent.get(0).response().status() == 400);

        core.onDatagram(UDP_FLOW, "\u0001\u0002garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(published.isEmpty());
        assertTrue(count("vouch.edge.malformed", "action", "dropped") >= 1);

        byte[] badCseq = request("OPTIONS", "sip:example.com", "z9hG4bK9", "")
                .clone();
        String s = new String(badCseq, StandardCharsets.UTF_8).replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
        core.onDatagram(UDP_FLOW, s.getBytes(StandardCharsets.UTF_8));
        SipResponse last = sent.get(sent.size() - 1).response();
        assertEquals(400, last.status());
        assertTrue(last.to().tag().isPresent(), "a 400 carries a To tag");
    }

    @Test
    void refusesMethodsTheEnsembleDoesNotImplement() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("BYE", "sip:bob@example.com", "z9hG4bK10", ""));
        core.onDatagram(UDP_FLOW, request("FROBNICATE", "sip:bob@example.com", "z9hG4bK11", ""));
        assertEquals(405, sent.get(0).response().status());
        assertTrue(sent.get(0).response().headers().all("Allow").contains("REGISTER"));
        assertEquals(501, sent.get(1).response().status());
        assertTrue(published.isEmpty());
    }

    @Test
    void rejectsUnsupportedRequireWith420() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bK12", "Require: 100rel, path\r\n"));
        assertEquals(420, sent.get(0).response().status());
        assertEquals("100rel", sent.get(0).response().headers().first("Unsupported").orElseThrow());
    }

    @Test
    void refusesRegisterForAForeignDomain() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("REGISTER", "sip:elsewhere.net", "z9hG4bK13", ""));
        assertEquals(404, sent.get(0).response().status());
    }

    @Test
    void routesInvitesByIdentityAndTrust() {
        EdgeCore core = core(new JsonObject().put("trusted.sources", "192.0.2.99"));
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:+15551234567@example.com", "z9hG4bK14",
                "Identity: abc.def.ghi;info=<https://cert.example.com/c.pem>\r\n"));
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:+15551234567@example.com", "z9hG4bK15", ""));
        Flow trusted = UDP_FLOW.toBuilder().setRemoteHost("192.0.2.99").build();
        core.onDatagram(trusted, request("INVITE", "sip:+15551234567@example.com", "z9hG4bK16", ""));
        byte[] keyed = (new String(request("INVITE", "sip:+15551234567@example.com", "z9hG4bK17", ""),
                StandardCharsets.UTF_8).replace("Content-Length: 0\r\n\r\n", "Content-Type: application/sdp\r\n"
                + "Content-Length: 43\r\n\r\n") + "v=0\r\na=fingerprint:sha-256 AB:CD:EF:01:23\r\n")
                .getBytes(StandardCharsets.UTF_8);
        core.onDatagram(trusted, keyed);
        // a trusted peer's INVITE goes to signing, through the media stage only when its body has keying to check
        assertEquals(List.of(Topics.IDENTITY, Topics.AUTH, Topics.IDENTITY, Topics.MEDIA),
                published.stream().map(Published::topic).toList());
        assertEquals("example.com/alice", published.get(1).key());
        assertEquals("call-z9hG4bK14", published.get(0).key());
    }

    @Test
    void stampsReceivedAndRportAndAnswersAtTheSourcePort() {
        EdgeCore core = core(new JsonObject());
        String req = new String(request("OPTIONS", "sip:example.com", "z9hG4bK17", ""), StandardCharsets.UTF_8)
                .replace("192.0.2.10:5070;branch", "10.1.1.1:5060;rport;branch");
        core.onDatagram(UDP_FLOW, req.getBytes(StandardCharsets.UTF_8));
        SipRequest stamped = (SipRequest) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(published.get(0).event().getSip().toByteArray())).message();
        assertEquals("192.0.2.10", stamped.topVia().received().orElseThrow());
        assertEquals(5070, stamped.topVia().rport().orElseThrow());
        core.onReply(replyFor(published.get(0).event(), 200));
        assertEquals(5070, sent.get(0).flow().getRemotePort());
        assertEquals("192.0.2.10", sent.get(0).response().topVia().received().orElseThrow());
    }

    @Test
    void stampsRportOnResponsesTheEdgeBuildsItself() {
        EdgeCore core = core(new JsonObject());
        String bye = new String(request("BYE", "sip:bob@example.com", "z9hG4bK22", ""), StandardCharsets.UTF_8)
                .replace("192.0.2.10:5070;branch", "10.1.1.1:5060;rport;branch");
        core.onDatagram(UDP_FLOW, bye.getBytes(StandardCharsets.UTF_8));
        SipResponse r = sent.get(0).response();
        assertEquals(405, r.status());
        assertEquals(5070, r.topVia().rport().orElseThrow(), "RFC 3581 §4 on an edge-built 405");
        assertEquals("192.0.2.10", r.topVia().received().orElseThrow());
    }

    @Test
    void answersAtTheViaPortWithoutRport() {
        EdgeCore core = core(new JsonObject());
        String req = new String(request("OPTIONS", "sip:example.com", "z9hG4bK18", ""), StandardCharsets.UTF_8)
                .replace("192.0.2.10:5070;branch", "192.0.2.10:5099;branch");
        core.onDatagram(UDP_FLOW, req.getBytes(StandardCharsets.UTF_8));
        core.onReply(replyFor(published.get(0).event(), 200));
        assertEquals(5099, sent.get(0).flow().getRemotePort());
    }

    @Test
    void cancelEndsAnInviteInFlightWith487() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:bob@example.com", "z9hG4bK19", ""));
        core.onDatagram(UDP_FLOW, request("CANCEL", "sip:bob@example.com", "z9hG4bK19", ""));
        assertEquals(List.of(200, 487), sent.stream().map(s -> s.response().status()).toList());
        assertEquals(sent.get(0).response().to().tag(), sent.get(1).response().to().tag());
        core.onReply(replyFor(published.get(0).event(), 302));
        assertEquals(2, sent.size(), "the pipeline's answer after CANCEL is dropped");

        core.onDatagram(UDP_FLOW, request("CANCEL", "sip:bob@example.com", "z9hG4bKnone", ""));
        assertEquals(481, sent.get(2).response().status());
    }

    @Test
    void absorbsAckForANonSuccessFinalResponse() {
        EdgeCore core = core(new JsonObject());
        core.onDatagram(UDP_FLOW, request("INVITE", "sip:bob@example.com", "z9hG4bK20", ""));
        core.onReply(replyFor(published.get(0).event(), 407));
        core.onDatagram(UDP_FLOW, request("ACK", "sip:bob@example.com", "z9hG4bK20", ""));
        assertEquals(1, sent.size());
        assertEquals(1, published.size());
        assertEquals(1, count("vouch.edge.retransmissions", "state", "ack"));
    }

    @Test
    void dropsFloodsBeyondTheSourceRateLimit() {
        EdgeCore core = core(new JsonObject().put("rate.limit.per.source.per.s", 1).put("rate.limit.per.source.burst", 2));
        for (int i = 0; i < 5; i++) {
            core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bKr" + i, ""));
        }
        assertEquals(2, published.size());
        assertEquals(3, count("vouch.edge.shed", "reason", "rate_limit"));
    }

    @Test
    void registeredSourcesStayServedWhileAFloodOfManySourcesFillsThePipeline() {
        EdgeCore core = core(new JsonObject().put("flood.unverified.max.in.flight", 3)
                .put("flood.unverified.per.source.per.s", 1));
        core.onDatagram(UDP_FLOW, request("REGISTER", "sip:example.com", "z9hG4bKreg1", ""));
        core.onReply(replyFor(published.get(0).event(), 200));
        published.clear();
        for (int round = 0; round < 5; round++) {
            for (int src = 1; src <= 10; src++) {
                Flow flooder = UDP_FLOW.toBuilder().setRemoteHost("198.51.100." + src).build();
                core.onDatagram(flooder, request("OPTIONS", "sip:example.com", "z9hG4bKf" + src + "x" + round, ""));
            }
        }
        // three fill the pipeline, then each flooding source gets its burst of two; the rest is dropped undecoded
        assertEquals(3 + 10 * 2, published.size());
        assertEquals(50 - 23, count("vouch.edge.shed", "reason", "flood"));

        core.onDatagram(UDP_FLOW, request("REGISTER", "sip:example.com", "z9hG4bKreg2", ""));
        assertEquals("call-z9hG4bKreg2", published.get(published.size() - 1).event().getSip().toStringUtf8()
                .lines().filter(l -> l.startsWith("Call-ID: ")).findFirst().orElseThrow().substring(9));
        Flow quiet = UDP_FLOW.toBuilder().setRemoteHost("203.0.113.7").build();
        core.onDatagram(quiet, request("OPTIONS", "sip:example.com", "z9hG4bKquiet", ""));
        assertEquals(3 + 10 * 2 + 2, published.size());
    }

    @Test
    void dropsOversizedDatagramsWithoutParsing() {
        EdgeCore core = core(new JsonObject().put("max.datagram.bytes", 600));
        core.onDatagram(UDP_FLOW, request("OPTIONS", "sip:example.com", "z9hG4bK21",
                "X-Pad: " + "x".repeat(700) + "\r\n"));
        assertTrue(published.isEmpty() && sent.isEmpty());
        assertEquals(1, count("vouch.edge.dropped", "reason", "datagram_too_large"));
    }

    @Test
    void anIpv6SourceListedInShortFormIsExemptFromTheRateLimit() {
        EdgeCore core = core(new JsonObject().put("rate.limit.per.source.per.s", 1).put("rate.limit.per.source.burst", 1)
                .put("edge.rate.limit.exempt.sources", "::1"));
        // the edge writes a flow's remote host as InetAddress#getHostAddress does: the long form
        Flow v6 = UDP_FLOW.toBuilder().setRemoteHost("0:0:0:0:0:0:0:1").build();
        for (int i = 0; i < 5; i++) {
            core.onDatagram(v6, request("OPTIONS", "sip:example.com", "z9hG4bKv6" + i, ""));
        }
        assertEquals(5, published.size());
        assertEquals(0, count("vouch.edge.shed", "reason", "rate_limit"));
    }
}
