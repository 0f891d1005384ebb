package io.vouch.runtime.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipIds;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipStageHandlerTest {
    private static final String OPTIONS = "OPTIONS sip:example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1;received=192.0.2.10;rport=5060\r\n"
            + "Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bK-0\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=f1\r\nTo: <sip:example.com>\r\n"
            + "Call-ID: c1\r\nCSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** Answers every request 200 and records what it was handed. */
    private static final class Echo extends SipStageHandler {
        final List<SipRequest> seen = new ArrayList<>();

        Echo() {
            super("echo", CLOCK);
        }

        @Override
        protected Future<List<Outcome>> onRequest(StageRequest request) {
            seen.add(request.request());
            return done(replies().reply(request, 200, "OK"));
        }
    }

    private static StageRecord record(String sip, String tx) {
        SipEvent e = SipEvent.newBuilder().setSip(ByteString.copyFrom(sip, StandardCharsets.UTF_8))
                .setFlow(Flow.newBuilder().setEdgeId("edge-1").setRemoteHost("192.0.2.10"))
                .setTransactionId(tx).setTraceId("0af7651916cd43dd8448eb211c80319c").build();
        return new StageRecord("vouch.sip.test", 2, 40, "k", e, 0);
    }

    private static SipReply reply(Outcome o) {
        return assertInstanceOf(Outcome.Reply.class, o).reply();
    }

    private static SipRequest request(String text) {
        return (SipRequest) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(text.getBytes(StandardCharsets.UTF_8))).message();
    }

    @Test
    void handsTheDecodedRequestOnAndRepliesWithStatusAndTheCopyRules() {
        Echo h = new Echo();
        SipReply r = reply(h.handle(record(OPTIONS, "tx-1")).result().get(0));
        assertEquals(1, h.seen.size());
        assertEquals(200, r.getStatus());
        assertEquals("echo", r.getStage());
        assertEquals("tx-1", r.getTransactionId());
        assertEquals("edge-1", r.getFlow().getEdgeId());
        assertEquals(CLOCK.millis() * 1000, r.getProducedAtEpochMicros());
        SipResponse resp = (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(r.getSip().toByteArray())).message();
        assertEquals(200, resp.status());
        assertEquals(2, resp.vias().size());
        assertEquals("c1", resp.callId());
        assertEquals(7, resp.cseq().sequence());
        assertEquals("f1", resp.from().tag().orElseThrow());
        assertEquals(SipIds.toTag(h.seen.get(0)), resp.to().tag().orElseThrow());
    }

    @Test
    void aRedeliveredRequestGetsTheSameBytes() {
        Echo h = new Echo();
        assertEquals(reply(h.handle(record(OPTIONS, "tx-1")).result().get(0)).getSip(),
                reply(h.handle(record(OPTIONS, "tx-1")).result().get(0)).getSip());
    }

    @Test
    void dropsWhatIsNotARequestUnderOneReason() {
        Echo h = new Echo();
        String response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:alice@example.com>;tag=f1\r\nTo: <sip:example.com>;tag=t\r\n"
                + "Call-ID: c1\r\nCSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        for (String sip : List.of("garbage", "", response, OPTIONS.replace("CSeq: 7", "CSeq: x"))) {
            Outcome.Drop d = assertInstanceOf(Outcome.Drop.class, h.handle(record(sip, "t")).result().get(0));
            assertEquals(SipStageHandler.NOT_A_REQUEST, d.reason());
        }
        assertTrue(h.seen.isEmpty());
    }

    @Test
    void theTransactionIdFallsBackToTheRecordPosition() {
        assertEquals("tx-9", new StageRequest(record(OPTIONS, "tx-9"), request(OPTIONS)).transactionId());
        assertEquals("offset:2:40", new StageRequest(record(OPTIONS, ""), request(OPTIONS)).transactionId());
    }
}
