package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowRegistrationsTest {
    private static final Flow WS = Flow.newBuilder().setEdgeId("e").setTransport(Transport.WS).setFlowId("f-1").build();

    private static SipRequest register(String user) {
        String text = "REGISTER sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/WS x.invalid;branch=z9hG4bK-1\r\n"
                + "From: <sip:" + user + "@Example.COM>;tag=1\r\n"
                + "To: <sip:" + user + "@Example.COM>\r\n"
                + "Call-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
        return (SipRequest) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(text.getBytes(StandardCharsets.UTF_8))).message();
    }

    @Test
    void remembersEachAorOnceUnderTheAorKeyAndForgetsTheFlowWhenItCloses() {
        FlowRegistrations r = new FlowRegistrations(10);
        r.registered(WS, register("alice"));
        r.registered(WS, register("alice"));
        r.registered(WS, register("bob"));
        assertEquals(List.of("alice@example.com", "bob@example.com"), r.closed("f-1"));
        assertEquals(List.of(), r.closed("f-1"));
        assertEquals(0, r.size());
    }

    @Test
    void ignoresUdpAndKeepsToItsBoundPerFlow() {
        FlowRegistrations r = new FlowRegistrations(1);
        r.registered(WS.toBuilder().setTransport(Transport.UDP).setFlowId("").build(), register("alice"));
        assertEquals(0, r.size());
        r.registered(WS, register("alice"));
        r.registered(WS, register("bob"));
        assertEquals(List.of("alice@example.com"), r.closed("f-1"));
    }
}
