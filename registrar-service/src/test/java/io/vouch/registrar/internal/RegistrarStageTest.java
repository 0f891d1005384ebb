package io.vouch.registrar.internal;

import static io.vouch.registrar.internal.Fixtures.T0;
import static io.vouch.registrar.internal.Fixtures.event;
import static io.vouch.registrar.internal.Fixtures.registerText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vouch.proto.SipEvent;
import io.vouch.proto.Topics;
import io.vouch.registrar.RegistrarConfig;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.RetriableStageException;
import io.vouch.runtime.StageRecord;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistrarStageTest {
    private static final String AOR = "alice@example.com";
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

    private List<Outcome> handle(String key, SipEvent event) {
        Future<List<Outcome>> f = stage.handle(new StageRecord(Topics.REGISTRAR, 0, 1, key, event, 0));
        assertTrue(f.succeeded(), () -> "handler failed: " + f.cause());
        return f.result();
    }

    private static SipResponse response(Outcome o) {
        Outcome.Reply r = assertInstanceOf(Outcome.Reply.class, o);
        assertEquals("vouch.edge.edge-1", r.topic());
        assertEquals("registrar", r.reply().getStage());
        assertEquals("tx-1", r.reply().getTransactionId());
        DecodeResult d = new SipMessageDecoder().decode(r.reply().getSip().toByteArray());
        return (SipResponse) assertInstanceOf(DecodeResult.Parsed.class, d).message();
    }

    private double registrations(String outcome) {
        var c = registry.find("vouch.registrar.registrations").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void writesTheBindingBeforeThe200() {
        String text = registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>");
        List<Outcome> out = handle(AOR, event(text, "alice"));
        assertEquals(2, out.size());
        Outcome.Write w = assertInstanceOf(Outcome.Write.class, out.get(0));
        assertEquals(Topics.BINDINGS, w.topic());
        assertEquals(AOR, w.key());
        AorRecord written = AorRecordCodec.decode(w.value()).orElseThrow();
        assertEquals("sip:alice@192.0.2.10", written.bindings().get(0).contact());
        assertEquals(200, response(out.get(1)).status());
        assertEquals(1, store.lookup(AOR).size());
        assertEquals(1, registrations("updated"));
        assertEquals(1.0, registry.get("vouch.registrar.bindings.active").gauge().value());
    }

    @Test
    void theExpiresListedInThe200NeverExceedsTheGrant() {
        // a clock that moves 1 ms each time it is read: two reads per REGISTER used to list 601 for Expires 600
        java.time.Clock ticking = new java.time.Clock() {
            private java.time.Instant now = T0;

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                now = now.plusMillis(1);
                return now;
            }
        };
        stage = new RegistrarStage(RegistrarConfig.defaults(), new BindingStore(ticking),
                new RegistrarMetrics(registry, store), partitions -> Future.succeededFuture(Map.of(0, Map.of())), null,
                Topics.BINDINGS, ticking);
        assertTrue(stage.onAssigned(Set.of(0)).succeeded());
        List<Outcome> out = handle(AOR, event(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>",
                "Expires: 600"), "alice"));
        assertEquals(List.of(600L), response(out.get(1)).contacts().stream()
                .map(c -> Long.parseLong(c.param("expires").orElseThrow())).toList());
    }

    @Test
    void redeliveryRewritesTheRecordAndAnswers200Again() {
        String text = registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>");
        List<Outcome> first = handle(AOR, event(text, "alice"));
        List<Outcome> again = handle(AOR, event(text, "alice"));
        assertEquals(((Outcome.Write) first.get(0)).key(), ((Outcome.Write) again.get(0)).key());
        assertEquals(200, response(again.get(1)).status());
        assertEquals(1, registrations("replay"));
    }

    @Test
    void removingTheLastBindingWritesATombstone() {
        handle(AOR, event(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), "alice"));
        List<Outcome> out = handle(AOR, event(registerText("c1", 2, "Contact: *", "Expires: 0"), "alice"));
        assertNull(assertInstanceOf(Outcome.Write.class, out.get(0)).value());
        assertTrue(response(out.get(1)).contacts().isEmpty());
        assertTrue(store.get(AOR).isEmpty());
    }

    @Test
    void queryAndRejectionsWriteNothing() {
        List<Outcome> query = handle(AOR, event(registerText("c1", 1), "alice"));
        assertEquals(1, query.size());
        assertEquals(200, response(query.get(0)).status());
        List<Outcome> unauthenticated = handle(AOR, event(registerText("c2", 1,
                "Contact: <sip:alice@192.0.2.10>"), null));
        assertEquals(1, unauthenticated.size());
        assertEquals(403, response(unauthenticated.get(0)).status());
        assertEquals(1, registrations("unauthenticated"));
        assertTrue(store.get(AOR).isEmpty());
    }

    @Test
    void refusesARegisterKeyedUnderAnotherAor() {
        List<Outcome> out = handle("bob@example.com", event(registerText("c1", 1,
                "Contact: <sip:alice@192.0.2.10>"), "alice"));
        assertEquals(1, out.size());
        assertEquals(500, response(out.get(0)).status());
        assertTrue(store.get(AOR).isEmpty());
    }

    @Test
    void retriesWhileThePartitionStateIsNotLoaded() {
        stage.onRevoked(Set.of(0));
        Future<List<Outcome>> f = stage.handle(new StageRecord(Topics.REGISTRAR, 0, 1, AOR,
                event(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), "alice"), 0));
        assertInstanceOf(RetriableStageException.class, f.cause());
    }

    @Test
    void answersOptionsWithoutAuthentication() {
        String text = """
                OPTIONS sip:example.com SIP/2.0\r
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-o1\r
                Max-Forwards: 70\r
                From: <sip:probe@example.org>;tag=p1\r
                To: <sip:example.com>\r
                Call-ID: o1\r
                CSeq: 1 OPTIONS\r
                Content-Length: 0\r
                \r
                """;
        List<Outcome> out = handle("example.com", event(text, null));
        SipResponse r = response(out.get(0));
        assertEquals(200, r.status());
        assertTrue(r.headers().all("Allow").contains("REGISTER"));
    }

    @Test
    void answersOtherMethodsWith405AndIgnoresAck() {
        String invite = """
                INVITE sip:bob@example.com SIP/2.0\r
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-i1\r
                Max-Forwards: 70\r
                From: <sip:alice@example.com>;tag=a1\r
                To: <sip:bob@example.com>\r
                Call-ID: i1\r
                CSeq: 1 INVITE\r
                Content-Length: 0\r
                \r
                """;
        SipResponse r = response(handle("bob@example.com", event(invite, null)).get(0));
        assertEquals(405, r.status());
        assertTrue(r.headers().contains("Allow"));
        String ack = invite.replace("INVITE sip", "ACK sip").replace("1 INVITE", "1 ACK");
        assertInstanceOf(Outcome.Drop.class, handle("bob@example.com", event(ack, null)).get(0));
    }

    @Test
    void sweepRemovesExpiredBindingsAndCountsThem() {
        handle(AOR, event(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>;expires=60",
                "Contact: <sip:alice@192.0.2.11>;expires=600"), "alice"));
        handle("bob@example.com", event(registerText("bob", "c2", 1, "Contact: <sip:bob@192.0.2.12>;expires=60"),
                "bob"));
        assertEquals(0, stage.sweep().result());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(2, stage.sweep().result());
        assertEquals(1, store.get(AOR).orElseThrow().bindings().size());
        assertTrue(store.get("bob@example.com").isEmpty());
        assertEquals(2.0, registry.get("vouch.registrar.expirations").counter().count());
        assertEquals(1.0, registry.get("vouch.registrar.bindings.active").gauge().value());
        assertEquals(0, stage.sweep().result(), "nothing left to expire");
    }

    @Test
    void aLoadThatCompletesAfterItsPartitionWasRevokedHoldsNothingOfIt() {
        Map<Set<Integer>, Promise<Map<Integer, Map<String, AorRecord>>>> loads = new HashMap<>();
        RegistrarStage s = new RegistrarStage(RegistrarConfig.defaults(), store, new RegistrarMetrics(registry, store),
                partitions -> loads.computeIfAbsent(partitions, k -> Promise.promise()).future(), null,
                Topics.BINDINGS, clock);
        Outcome.Write write = assertInstanceOf(Outcome.Write.class,
                handle(AOR, event(registerText("c1", 1, "Contact: <sip:alice@192.0.2.10>"), "alice")).get(0));
        AorRecord bob = AorRecordCodec.decode(write.value()).orElseThrow();
        Future<Void> first = s.onAssigned(Set.of(1, 2));
        s.onRevoked(Set.of(2)); // a rebalance while the state of 1 and 2 is still loading
        loads.get(Set.of(1, 2)).complete(Map.of(1, Map.of("a@example.com", bob), 2, Map.of("b@example.com", bob)));
        assertTrue(first.succeeded());
        assertTrue(store.owns(1));
        assertFalse(store.owns(2), "a revoked partition's state is not held");
        assertTrue(store.lookup("b@example.com").isEmpty());

        // revoked and assigned again while the first load runs: only the newest load's state counts
        Future<Void> older = s.onAssigned(Set.of(3));
        s.onRevoked(Set.of(3));
        Future<Void> newer = s.onAssigned(Set.of(3, 4));
        loads.get(Set.of(3, 4)).complete(Map.of(3, Map.of(), 4, Map.of()));
        loads.get(Set.of(3)).complete(Map.of(3, Map.of("c@example.com", bob)));
        assertTrue(older.succeeded() && newer.succeeded());
        assertTrue(store.owns(3));
        assertTrue(store.lookup("c@example.com").isEmpty(), "a stale load does not overwrite a newer one");
    }
}
