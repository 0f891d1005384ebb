package io.vouch.registrar.internal;

import static io.vouch.registrar.internal.Fixtures.FLOW;
import static io.vouch.registrar.internal.Fixtures.T0;
import static io.vouch.registrar.internal.Fixtures.event;
import static io.vouch.registrar.internal.Fixtures.registerText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.runtime.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.registrar.Binding;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.Contact;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 5626 §5.3 flow-closed removal and RFC 5627 GRUU assignment and resolution, through the stage handler. */
class FlowClosedAndGruuTest {
    private static final String AOR = "alice@example.com";
    private static final String INSTANCE = "+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"";
    private static final Flow WS_FLOW = FLOW.toBuilder().setTransport(Transport.WSS).setFlowId("ws-1").build();
    private static final Flow OTHER_WS_FLOW = WS_FLOW.toBuilder().setFlowId("ws-2").build();

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BindingStore store = new BindingStore(clock);
    private RegistrarStage stage;

    @BeforeEach
    void ownPartitionZero() {
        stage = new RegistrarStage(RegistrarConfig.defaults(), store, new RegistrarMetrics(registry, store),
                partitions -> Future.succeededFuture(Map.of(0, Map.of())), null, Topics.BINDINGS, clock);
        assertTrue(stage.onAssigned(Set.of(0)).succeeded());
    }

    private List<Outcome> handle(SipEvent event) {
        Future<List<Outcome>> f = stage.input().handle(new StageRecord(Topics.REGISTRAR, 0, 1, AOR, event, 0));
        assertTrue(f.succeeded(), () -> "handler failed: " + f.cause());
        return f.result();
    }

    private SipResponse register(Flow flow, String callId, long cseq, String... headers) {
        SipEvent e = event(registerText(callId, cseq, headers), "alice").toBuilder().setFlow(flow).build();
        List<Outcome> out = handle(e);
        Outcome.Reply r = assertInstanceOf(Outcome.Reply.class, out.get(out.size() - 1));
        DecodeResult d = new SipMessageDecoder().decode(r.reply().getSip().toByteArray());
        SipResponse response = (SipResponse) assertInstanceOf(DecodeResult.Parsed.class, d).message();
        assertEquals(200, response.status());
        return response;
    }

    private static SipEvent closed(Flow flow) {
        return SipEvent.newBuilder().setFlow(flow).setReceivedAtEpochMicros(T0.toEpochMilli() * 1000)
                .setFlowClosed(true)
                .build();
    }

    private List<String> contacts() {
        return store.lookup(AOR).stream().map(Binding::contact).sorted().toList();
    }

    @Test
    void aClosedFlowTakesOnlyTheBindingsThatReliedOnIt() {
        register(WS_FLOW, "c1", 1, "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>");
        register(FLOW.toBuilder().setFlowId("ws-1").build(), "c2", 1, "Contact: <sip:alice@192.0.2.10>");
        register(OTHER_WS_FLOW, "c3", 1, "Contact: <sip:a2@k2k2k2.invalid;transport=ws>");
        assertEquals(3, store.lookup(AOR).size());

        List<Outcome> out = handle(closed(WS_FLOW));

        Outcome.Write w = assertInstanceOf(Outcome.Write.class, out.get(0));
        assertEquals(Topics.BINDINGS, w.topic());
        assertEquals(AOR, w.key());
        assertEquals(2, AorRecordCodec.decode(w.value()).orElseThrow().bindings().size());
        // the routable TCP contact over the same connection id stays: the edge can reach it by a new connection
        assertEquals(List.of("sip:a2@k2k2k2.invalid;transport=ws", "sip:alice@192.0.2.10"), contacts());
        assertEquals(1.0, registry.get("vouch.registrar.flow.bindings.removed").counter().count());
    }

    @Test
    void closingTheLastFlowWritesATombstone() {
        register(WS_FLOW, "c1", 1, "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>");
        List<Outcome> out = handle(closed(WS_FLOW));
        Outcome.Write w = assertInstanceOf(Outcome.Write.class, out.get(0));
        assertEquals(null, w.value());
        assertEquals(List.of(), store.lookup(AOR));
    }

    @Test
    void aNoticeForAFlowWithoutBindingsChangesNothing() {
        register(WS_FLOW, "c1", 1, "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>");
        List<Outcome> out = handle(closed(OTHER_WS_FLOW));
        assertInstanceOf(Outcome.Drop.class, out.get(0));
        assertEquals(1, store.lookup(AOR).size());
    }

    @Test
    void aNoticeFromAnotherEdgeWithTheSameConnectionIdChangesNothing() {
        register(WS_FLOW, "c1", 1, "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>");
        handle(closed(WS_FLOW.toBuilder().setEdgeId("edge-2").build()));
        assertEquals(1, store.lookup(AOR).size());
    }

    private static String param(SipResponse r, String name) {
        Matcher m = Pattern.compile(";" + name + "=\"([^\"]+)\"").matcher(r.headers().first("Contact").orElseThrow());
        assertTrue(m.find(), () -> name + " missing in " + r.headers().first("Contact"));
        return m.group(1);
    }

    @Test
    void assignsPublicAndTemporaryGruusThatResolveToTheContact() {
        SipResponse ok = register(WS_FLOW, "c1", 1, "Supported: path, gruu, outbound",
                "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>;" + INSTANCE + ";reg-id=1");
        String pub = param(ok, "pub-gruu");
        String temp = param(ok, "temp-gruu");
        assertEquals("sip:alice@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", pub);
        assertTrue(temp.matches("sip:tgruu\\.[0-9a-f]{32}@example\\.com;gr"), temp);
        assertTrue(ok.supported().contains("gruu"));
        // both parse as Contact parameters a UA reads back
        Contact c = ok.contacts().get(0);
        assertEquals("\"" + pub + "\"", c.param("pub-gruu").orElseThrow());

        assertEquals("sip:a1@df7jal23ls0d.invalid;transport=ws",
                store.resolveGruu(pub).orElseThrow().contact());
        assertEquals("sip:a1@df7jal23ls0d.invalid;transport=ws",
                store.resolveGruu(temp).orElseThrow().contact());
        assertTrue(store.resolveGruu("sip:alice@example.com;gr=urn:uuid:00000000-0000-0000-0000-000000000000")
                .isEmpty());
        assertTrue(store.resolveGruu("sip:tgruu.00000000000000000000000000000000@example.com;gr").isEmpty());
        assertTrue(store.resolveGruu("sip:alice@example.com").isEmpty());
    }

    @Test
    void aRefreshKeepsTheTemporaryGruuAndANewCallIdReplacesIt() {
        String contact = "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>;" + INSTANCE + ";reg-id=1";
        String first = param(register(WS_FLOW, "c1", 1, "Supported: gruu", contact), "temp-gruu");
        String refreshed = param(register(WS_FLOW, "c1", 2, "Supported: gruu", contact), "temp-gruu");
        assertEquals(first, refreshed);
        String renewed = param(register(WS_FLOW, "c9", 1, "Supported: gruu", contact), "temp-gruu");
        assertNotEquals(first, renewed);
        assertTrue(store.resolveGruu(first).isEmpty());
        assertTrue(store.resolveGruu(renewed).isPresent());
    }

    @Test
    void noGruuWithoutSupportOrInstance() {
        SipResponse noSupport = register(WS_FLOW, "c1", 1,
                "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>;" + INSTANCE + ";reg-id=1");
        assertFalse(noSupport.headers().first("Contact").orElseThrow().contains("gruu"));
        SipResponse noInstance = register(OTHER_WS_FLOW, "c2", 1, "Supported: gruu",
                "Contact: <sip:a2@k2k2k2.invalid;transport=ws>");
        assertTrue(noInstance.headers().all("Contact").stream()
                .filter(v -> v.contains("k2k2k2")).noneMatch(v -> v.contains("gruu")));
    }

    @Test
    void aTemporaryGruuStopsResolvingWhenItsFlowCloses() {
        String temp = param(register(WS_FLOW, "c1", 1, "Supported: gruu",
                "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>;" + INSTANCE + ";reg-id=1"), "temp-gruu");
        handle(closed(WS_FLOW));
        assertTrue(store.resolveGruu(temp).isEmpty());
    }

    @Test
    void aTemporaryGruuIsKeyedIntoThePartitionOfItsAor() {
        int partitions = 12;
        stage = new RegistrarStage(RegistrarConfig.defaults(), store, new RegistrarMetrics(registry, store),
                p -> Future.succeededFuture(Map.of(0, Map.of())), null, Topics.BINDINGS, clock, () -> partitions);
        assertTrue(stage.onAssigned(Set.of(0)).succeeded());
        int owner = io.vouch.runtime.kafka.VouchTopics.partitionFor(AOR, partitions);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            String temp = param(register(WS_FLOW, "k" + i, 1, "Supported: gruu",
                    "Contact: <sip:a1@df7jal23ls0d.invalid;transport=ws>;" + INSTANCE + ";reg-id=1"), "temp-gruu");
            io.vouch.sip.SipUri u = (io.vouch.sip.SipUri) io.vouch.sip.Uri.parse(temp).orElseThrow();
            // the key the auth stage gives a request to this GRUU (its Request-URI's AOR) lands where the bindings are
            assertEquals(owner, io.vouch.runtime.kafka.VouchTopics.partitionFor(Topics.aorKey(u.user(), u.host()),
                    partitions), temp);
            assertTrue(temp.matches("sip:tgruu\\.[0-9a-f]{32}@example\\.com;gr"), temp);
            assertTrue(seen.add(temp), "every new Call-ID gets a fresh token");
            assertEquals("sip:a1@df7jal23ls0d.invalid;transport=ws", store.resolveGruu(temp).orElseThrow().contact());
        }
    }
}
