package io.vouch.cert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vouch.cert.CertConfig;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Transport;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertStageTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Flow FLOW = Flow.newBuilder().setEdgeId("e1").setTransport(Transport.UDP)
            .setRemoteHost("192.0.2.7").setRemotePort(5070).setLocalHost("192.0.2.1").setLocalPort(5060).build();
    private final MutableClock clock = new MutableClock(NOW);
    private final CertStore store = new CertStore();
    private static final Flow TLS_FLOW = FLOW.toBuilder().setTransport(Transport.TLS).build();
    private CertStage stage;
    private int seq;
    private Flow flow = FLOW;

    @BeforeEach
    void setUp() {
        CertMetrics metrics = new CertMetrics(new SimpleMeterRegistry(), store::subscriptionCount);
        stage = new CertStage(CertConfig.defaults(), store, metrics,
                p -> Future.succeededFuture(List.of(new CertStage.Loaded(0, Map.of(), Map.of()))),
                new Notifier("vouch.sip.cert", UnaryOperator.identity(), metrics), "pubs", "subs", clock);
        stage.onAssigned(Set.of(0));
    }

    private List<Outcome> handle(String method, String event, String extra, String identity) {
        seq++;
        String sip = method + " sip:alice@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK" + seq + "\r\n"
                + "From: <sip:bob@example.com>;tag=bt\r\nTo: <sip:alice@example.com>\r\n"
                + "Call-ID: c" + seq + "\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n"
                + (event == null ? "" : "Event: " + event + "\r\n")
                + "Contact: <sip:bob@192.0.2.7:5070>\r\n" + extra + "Content-Length: 0\r\n\r\n";
        SipEvent.Builder e = SipEvent.newBuilder().setSip(ByteString.copyFrom(sip, StandardCharsets.UTF_8))
                .setFlow(flow).setTransactionId("tx" + seq);
        if (identity != null) {
            e.setAuth(identity.startsWith("peer:") ? AuthAssertions.mtlsPeer(identity.substring(5))
                    : AuthAssertions.digestUser(identity.substring(0, identity.lastIndexOf('@')),
                            identity.substring(identity.lastIndexOf('@') + 1), "SHA-256"));
        }
        return stage.handle(new StageRecord("vouch.sip.cert", 0, seq, "alice@example.com", e.build(), 0)).result();
    }

    private static SipMessage sip(Outcome o) {
        Outcome.Reply r = assertInstanceOf(Outcome.Reply.class, o);
        return ((DecodeResult.Parsed) new SipMessageDecoder().decode(r.reply().getSip().toByteArray())).message();
    }

    @Test
    void subscribeWritesStateAnswers200AndSendsAnEmptyNotify() {
        List<Outcome> out = handle("SUBSCRIBE", "certificate", "", null);
        assertEquals(3, out.size());
        assertEquals("subs", assertInstanceOf(Outcome.Write.class, out.get(0)).topic());
        SipResponse ok = (SipResponse) sip(out.get(1));
        assertEquals(200, ok.status());
        assertEquals("<sip:192.0.2.1:5060>", ok.headers().first("Contact").orElseThrow());
        SipRequest notify = (SipRequest) sip(out.get(2));
        assertEquals("NOTIFY", notify.method());
        assertEquals(0, notify.bodyLength());
        assertEquals("active;expires=86400", notify.headers().first("Subscription-State").orElseThrow());
        assertEquals("vouch.sip.cert", ((Outcome.Reply) out.get(2)).reply().getResponseTopic());
    }

    @Test
    void otherPackagesAre489AndStrangersMayNotPublish() {
        SipResponse bad = (SipResponse) sip(handle("SUBSCRIBE", "presence", "", null).getFirst());
        assertEquals(489, bad.status());
        assertEquals(List.of("certificate", "credential"), bad.headers().all("Allow-Events"));
        assertEquals(489, ((SipResponse) sip(handle("SUBSCRIBE", null, "", null).getFirst())).status());
        SipResponse stranger = (SipResponse) sip(handle("PUBLISH", "certificate",
                "Content-Type: application/pkix-cert\r\n", "bob@example.com").getFirst());
        assertEquals(403, stranger.status());
        assertEquals(405, ((SipResponse) sip(handle("MESSAGE", null, "", null).getFirst())).status());
    }

    @Test
    void aNotifyAnswered481EndsTheSubscription() {
        List<Outcome> out = handle("SUBSCRIBE", "certificate", "", null);
        SipRequest notify = (SipRequest) sip(out.get(2));
        SipResponse gone = SipResponse.forRequest(notify, 481, "Gone", "x").build();
        SipEvent e = SipEvent.newBuilder().setSip(ByteString.copyFrom(new io.vouch.sip.SipMessageEncoder()
                .encode(gone))).setFlow(FLOW).build();
        List<Outcome> result = stage.handle(new StageRecord("vouch.sip.cert", 0, 99, "alice@example.com", e, 0))
                .result();
        assertEquals("subs", assertInstanceOf(Outcome.Write.class, result.getFirst()).topic());
        assertEquals(0, store.subscriptionCount());
    }

    @Test
    void theSweepEndsExpiredSubscriptionsWithATerminatedNotify() {
        handle("SUBSCRIBE", "certificate", "Expires: 120\r\n", null);
        assertTrue(stage.sweep().isEmpty());
        clock.set(NOW.plusSeconds(121));
        List<Outcome> out = stage.sweep();
        SipRequest last = (SipRequest) sip(out.getFirst());
        assertEquals("terminated;reason=timeout", last.headers().first("Subscription-State").orElseThrow());
        assertInstanceOf(Outcome.Write.class, out.get(1));
        assertEquals(0, store.subscriptionCount());
    }

    @Test
    void subscribeWhoseAcceptExcludesTheBodyTypeIs406() {
        SipResponse refused = (SipResponse) sip(handle("SUBSCRIBE", "certificate",
                "Accept: text/plain, application/pkix-cert;q=0\r\n", null).getFirst());
        assertEquals(406, refused.status());
        assertEquals(0, store.subscriptionCount());
        List<Outcome> ok = handle("SUBSCRIBE", "certificate", "Accept: text/plain, application/*\r\n", null);
        assertEquals(200, ((SipResponse) sip(ok.get(1))).status());
        flow = TLS_FLOW;
        SipResponse credential = (SipResponse) sip(handle("SUBSCRIBE", "credential",
                "Accept: application/pkix-cert\r\n", "alice@example.com").getFirst());
        assertEquals(406, credential.status(), "a credential NOTIFY is multipart/mixed (RFC 6072 §7)");
    }

    @Test
    void credentialSubscribeWithTheCurrentEtagGetsANotifyWithoutTheCredential() {
        byte[] body = "opaque credential".getBytes(StandardCharsets.UTF_8);
        store.putPublications(0, "alice@example.com", List.of(new Publication("credential", "etag-7",
                "multipart/mixed;boundary=b", body, NOW.plusSeconds(600).toEpochMilli(), "tx-p")));
        flow = TLS_FLOW;
        SipRequest same = (SipRequest) sip(handle("SUBSCRIBE", "credential;etag=etag-7", "", "alice@example.com")
                .get(2));
        assertEquals(0, same.bodyLength(), "the subscriber already holds this credential");
        assertEquals("etag-7", same.headers().first("SIP-ETag").orElseThrow());
        assertTrue(same.headers().first("Subscription-State").orElseThrow().startsWith("active"));
        SipRequest stale = (SipRequest) sip(handle("SUBSCRIBE", "credential;etag=etag-6", "", "alice@example.com")
                .get(2));
        assertEquals(body.length, stale.bodyLength(), "an old etag gets the current credential");
        assertEquals("etag-7", stale.headers().first("SIP-ETag").orElseThrow());
    }

    @Test
    void aFetchThatChangesNoStoredStateWritesNothing() {
        List<Outcome> out = handle("SUBSCRIBE", "certificate", "Expires: 0\r\n", null);
        assertEquals(2, out.size(), out::toString);
        assertEquals(200, ((SipResponse) sip(out.get(0))).status());
        SipRequest notify = (SipRequest) sip(out.get(1));
        assertEquals("terminated;reason=timeout", notify.headers().first("Subscription-State").orElseThrow());
        assertEquals(0, store.subscriptionCount());
    }
}
