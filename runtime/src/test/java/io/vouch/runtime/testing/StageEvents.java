package io.vouch.runtime.testing;

import com.google.protobuf.ByteString;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Transport;

import java.nio.charset.StandardCharsets;

/** Small envelope builders for tests that do not need real SIP text. */
public final class StageEvents {
    private StageEvents() {
    }

    /** An event from edge {@code edgeId} over UDP whose SIP bytes are {@code text}. */
    public static SipEvent event(String edgeId, String transactionId, String text) {
        return SipEvent.newBuilder()
                .setSip(ByteString.copyFrom(text, StandardCharsets.UTF_8))
                .setFlow(Flow.newBuilder().setEdgeId(edgeId).setTransport(Transport.UDP)
                        .setRemoteHost("192.0.2.10").setRemotePort(5060))
                .setTransactionId(transactionId)
                .setTraceId("0af7651916cd43dd8448eb211c80319c")
                .setReceivedAtEpochMicros(System.currentTimeMillis() * 1000)
                .build();
    }

    /** A reply to {@code event} on the same flow whose SIP bytes are {@code text}. */
    public static SipReply replyTo(SipEvent event, String stage, String text) {
        return SipReply.newBuilder()
                .setSip(ByteString.copyFrom(text, StandardCharsets.UTF_8))
                .setFlow(event.getFlow())
                .setTransactionId(event.getTransactionId())
                .setTraceId(event.getTraceId())
                .setStage(stage)
                .build();
    }

    public static String text(SipEvent e) {
        return e.getSip().toStringUtf8();
    }

    public static String text(SipReply r) {
        return r.getSip().toStringUtf8();
    }
}
