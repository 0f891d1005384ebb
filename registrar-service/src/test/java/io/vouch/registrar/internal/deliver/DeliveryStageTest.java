package io.vouch.registrar.internal.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.registrar.Binding;
import io.vouch.registrar.LocationService;
import io.vouch.registrar.DeliveryConfig;
import io.vouch.registrar.internal.AorRecord;
import io.vouch.registrar.internal.BindingStore;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The delivery stage as an RFC 3261 §16 stateful non-INVITE proxy over plain objects (no broker, no timers). */
class DeliveryStageTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final Flow ALICE = Flow.newBuilder().setEdgeId("edge-1").setTransport(Transport.UDP)
            .setRemoteHost("192.0.2.10").setRemotePort(5070).setLocalHost("198.51.100.1").setLocalPort(5060).build();
    private static final Flow BOB_TCP = Flow.newBuilder().setEdgeId("edge-2").setTransport(Transport.TCP)
            .setFlowId("conn-9").setRemoteHost("192.0.2.20").setRemotePort(40000).setLocalHost("198.51.100.2")
            .setLocalPort(5060).build();
    private static final Flow BOB_UDP = Flow.newBuilder().setEdgeId("edge-1").setTransport(Transport.UDP)
            .setRemoteHost("203.0.113.5").setRemotePort(61000).setLocalHost("198.51.100.1").setLocalPort(5060).build();
    private static final String BODY = "hello, bob";

    private final Map<String, List<Binding>> bindings = new HashMap<>();
    private final Map<Long, Runnable> timers = new HashMap<>();
    private final List<String[]> sent = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private DeliveryStage stage = stage(DeliveryConfig.defaults());

    private DeliveryStage stage(DeliveryConfig config) {
        DeliveryStage.Timers t = new DeliveryStage.Timers() {
            long next;

            @Override
            public long set(long delayMs, Runnable task) {
                timers.put(++next, task);
                return next;
            }

            @Override
            public void cancel(long id) {
                timers.remove(id);
            }
        };
        LocationService location = new LocationService() {
            @Override
            public List<Binding> lookup(String aor) {
                return bindings.getOrDefault(aor, List.of());
            }

            @Override
            public java.util.Optional<Binding> resolveGruu(String uri) {
                // the registrar's own resolution over the same bindings
                BindingStore store = new BindingStore(clock);
                bindings.forEach((aor, bs) -> store.put(0, aor, java.util.Optional.of(
                        new AorRecord(aor, bs, List.of()))));
                return store.resolveGruu(uri);
            }
        };
        return new DeliveryStage(config, location, p -> true,
                key -> key.equals("example.com/carol") || key.equals("example.com/bob"), t,
                (topic, key, value) -> {
                    sent.add(new String[] {topic, key, new String(value, StandardCharsets.ISO_8859_1)});
                    return Future.succeededFuture();
                }, new DeliveryMetrics(registry), clock);
    }

    private static String message(String ruri, String extra) {
        return "MESSAGE " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-a1;rport=5070\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=af\r\n"
                + "To: <" + ruri + ">\r\n"
                + "Call-ID: m1@192.0.2.10\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + extra
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
    }

    private int seq;

    /** A request event with a fresh transaction id (a new transaction, not a redelivery). */
    private SipEvent event(String text, String identity) {
        SipEvent.Builder b = SipEvent.newBuilder().setSip(ByteString.copyFromUtf8(text)).setFlow(ALICE)
                .setTransactionId("tx-" + ++seq).setTraceId("0af7651916cd43dd8448eb211c80319c");
        if (identity != null) {
            int at = identity.lastIndexOf('@');
            b.setAuth(AuthAssertions.digestUser(identity.substring(0, at), identity.substring(at + 1), "MD5"));
        }
        return b.build();
    }

    private List<Outcome> handle(SipEvent e, String key) {
        return stage.handle(new StageRecord(Topics.DELIVER, 0, 0, key, e, 0)).result();
    }

    private static SipMessage decode(byte[] b) {
        return ((DecodeResult.Parsed) new SipMessageDecoder().decode(b)).message();
    }

    private static SipResponse upstream(Outcome o) {
        Outcome.Reply r = assertInstanceOf(Outcome.Reply.class, o);
        assertTrue(r.reply().getResponseTopic().isEmpty(), "an answer to the sender, not a forwarded request");
        return (SipResponse) decode(r.reply().getSip().toByteArray());
    }

    private static Binding binding(String contact, Flow flow, boolean outbound, List<String> path) {
        return new Binding(contact, Map.of(), Binding.NO_Q, outbound ? "<urn:uuid:1>" : "", outbound ? 1 : 0,
                outbound, flow, path, "reg-1", 1, T0.plusSeconds(3600), T0);
    }

    /** The edge's answer to a forwarded branch: the contact's response, as the edge publishes it. */
    private SipEvent branchResponse(Outcome.Reply branch, int status) {
        SipRequest req = (SipRequest) decode(branch.reply().getSip().toByteArray());
        byte[] resp = new SipMessageEncoder().encode(SipResponse.forRequest(req, status, "X", "bt").build());
        return SipEvent.newBuilder().setSip(ByteString.copyFrom(resp)).setFlow(branch.reply().getFlow())
                .setTransactionId(branch.reply().getTransactionId()).build();
    }

    @Test
    void forwardsToEveryContactAsAStatefulProxyAndReturnsTheFirst2xx() {
        bindings.put("bob@example.com", List.of(
                binding("sip:bob@192.0.2.20:40000;transport=tcp", BOB_TCP, true, List.of()),
                binding("sip:bob@203.0.113.5:5062", BOB_UDP, false, List.of())));
        List<Outcome> out = handle(event(message("sip:bob@example.com", ""), "alice@example.com"),
                "bob@example.com");
        assertEquals(2, out.size(), "one branch per registered contact");
        Outcome.Reply tcp = (Outcome.Reply) out.get(0);
        Outcome.Reply udp = (Outcome.Reply) out.get(1);
        assertEquals(BOB_TCP, tcp.reply().getFlow(), "RFC 5626: an outbound binding goes over its flow");
        assertEquals("203.0.113.5", udp.reply().getFlow().getRemoteHost(), "a plain UDP binding: its contact");
        assertEquals(5062, udp.reply().getFlow().getRemotePort());
        assertEquals(Topics.DELIVER, tcp.reply().getResponseTopic());
        assertEquals("bob@example.com", tcp.reply().getResponseKey());

        SipRequest fwd = (SipRequest) decode(tcp.reply().getSip().toByteArray());
        assertEquals("sip:bob@192.0.2.20:40000;transport=tcp", fwd.requestUriText());
        assertEquals(2, fwd.vias().size(), "the proxy's Via on top");
        assertEquals("TCP", fwd.topVia().transport());
        assertEquals("198.51.100.2", fwd.topVia().host());
        assertTrue(fwd.topVia().branch().orElseThrow().startsWith("z9hG4bK"));
        assertEquals(69, fwd.maxForwards().orElseThrow());
        assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), fwd.body(), "the body is never altered");
        SipRequest other = (SipRequest) decode(udp.reply().getSip().toByteArray());
        assertNotEquals(fwd.topVia().branch(), other.topVia().branch(), "a branch per target");

        assertEquals(List.of(), handle(branchResponse(udp, 486), "bob@example.com"), "waits for the other branch");
        List<Outcome> done = handle(branchResponse(tcp, 200), "bob@example.com");
        SipResponse ok = upstream(done.get(0));
        assertEquals(200, ok.status());
        assertEquals(1, ok.vias().size(), "the proxy's own Via removed (RFC 3261 §16.7 step 3)");
        assertEquals("z9hG4bK-a1", ok.topVia().branch().orElseThrow());
        assertEquals(0, stage.pendingCount());
        assertTrue(timers.isEmpty(), "the timeout is cancelled");
        assertEquals(1.0, registry.get("vouch.delivery").tag("outcome", "delivered").counter().count());
    }

    @Test
    void choosesTheBestFinalResponseWhenNoContactAccepts() {
        assertEquals(603, best(List.of(404, 603, 486)));
        assertEquals(404, best(List.of(500, 404, 486)), "the lowest class; the first within it");
        assertEquals(500, best(List.of(503)), "a chosen 503 becomes 500 (RFC 3261 §16.7 step 6)");
        assertEquals(408, best(List.of(408, 408)), "no contact answered");
    }

    private int best(List<Integer> statuses) {
        bindings.clear();
        List<Binding> bs = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            bs.add(binding("sip:bob@203.0.113." + (i + 1) + ":5060", BOB_UDP, false, List.of()));
        }
        bindings.put("bob@example.com", bs);
        stage = stage(DeliveryConfig.defaults());
        List<Outcome> out = handle(event(message("sip:bob@example.com", ""), "alice@example.com"),
                "bob@example.com");
        List<Outcome> last = List.of();
        for (int i = 0; i < statuses.size(); i++) {
            last = handle(branchResponse((Outcome.Reply) out.get(i), statuses.get(i)), "bob@example.com");
        }
        return upstream(last.get(0)).status();
    }

    @Test
    void answers480ForAKnownUserWithoutBindingAnd404ForAnUnknownOne() {
        SipResponse r480 = upstream(handle(event(message("sip:carol@example.com", ""), "alice@example.com"),
                "carol@example.com").get(0));
        assertEquals(480, r480.status());
        assertTrue(r480.to().tag().isPresent());
        assertEquals(404, upstream(handle(event(message("sip:nobody@example.com", ""), "alice@example.com"),
                "nobody@example.com").get(0)).status());
    }

    @Test
    void refusesUnauthenticatedAndSpoofedSendersAndHopAndLoopViolations() {
        bindings.put("bob@example.com", List.of(binding("sip:bob@203.0.113.5", BOB_UDP, false, List.of())));
        assertEquals(403, upstream(handle(event(message("sip:bob@example.com", ""), null), "bob@example.com")
                .get(0)).status(), "fails closed without the auth stage's identity");
        assertEquals(403, upstream(handle(event(message("sip:bob@example.com", ""), "mallory@example.com"),
                "bob@example.com").get(0)).status(), "From must be the authenticated user");
        String zero = message("sip:bob@example.com", "").replace("Max-Forwards: 70", "Max-Forwards: 0");
        assertEquals(483, upstream(stage(DeliveryConfig.defaults()).handle(new StageRecord(Topics.DELIVER, 0, 0,
                "bob@example.com", event(zero, "alice@example.com"), 0)).result().get(0)).status());

        // the forwarded copy coming back unchanged (a contact forwarding to the AOR again) is a loop
        Outcome.Reply fwd = (Outcome.Reply) handle(event(message("sip:bob@example.com", ""), "alice@example.com"),
                "bob@example.com").get(0);
        SipRequest copy = (SipRequest) decode(fwd.reply().getSip().toByteArray());
        String back = new String(new SipMessageEncoder().encode(copy.newBuilder()
                .requestUri(io.vouch.sip.Uri.parse("sip:bob@example.com").orElseThrow()).build()),
                StandardCharsets.UTF_8);
        SipEvent looped = event(back, "alice@example.com");
        assertEquals(482, upstream(handle(looped, "bob@example.com").get(0)).status());
    }

    @Test
    void aRedeliveredRequestIsNotDeliveredTwice() {
        bindings.put("bob@example.com", List.of(binding("sip:bob@203.0.113.5", BOB_UDP, false, List.of())));
        SipEvent e = event(message("sip:bob@example.com", ""), "alice@example.com");
        Outcome.Reply fwd = (Outcome.Reply) handle(e, "bob@example.com").get(0);
        assertInstanceOf(Outcome.Drop.class, handle(e, "bob@example.com").get(0), "in flight: not sent again");
        SipResponse ok = upstream(handle(branchResponse(fwd, 200), "bob@example.com").get(0));
        SipResponse again = upstream(handle(e, "bob@example.com").get(0));
        assertEquals(ok, again, "answered again from the completed transaction, not forwarded");
        assertInstanceOf(Outcome.Drop.class, handle(branchResponse(fwd, 200), "bob@example.com").get(0),
                "a late response is dropped");
    }

    @Test
    void boundsPendingRequestsAndTimesThemOutWith408() {
        bindings.put("bob@example.com", List.of(binding("sip:bob@203.0.113.5", BOB_UDP, false, List.of())));
        stage = stage(DeliveryConfig.defaults().withPending(1, Duration.ofSeconds(5)));
        handle(event(message("sip:bob@example.com", ""), "alice@example.com"), "bob@example.com");
        SipEvent second = event(message("sip:bob@example.com", ""), "alice@example.com");
        SipResponse busy = upstream(handle(second, "bob@example.com").get(0));
        assertEquals(503, busy.status());
        assertTrue(busy.headers().first("Retry-After").isPresent());

        assertEquals(1, timers.size());
        timers.values().iterator().next().run();
        assertEquals(0, stage.pendingCount(), "no leak");
        assertEquals(1, sent.size());
        assertEquals(Topics.edgeReplies("edge-1"), sent.get(0)[0]);
        SipResponse timeout = (SipResponse) decode(ByteString.copyFrom(sent.get(0)[2], StandardCharsets.ISO_8859_1)
                .toByteArray() instanceof byte[] b ? sipOf(b) : null);
        assertEquals(408, timeout.status());
    }

    private static byte[] sipOf(byte[] replyBytes) {
        try {
            return SipReply.parseFrom(replyBytes).getSip().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsThroughThePathAndPopsRoutesNamingItself() {
        bindings.put("bob@example.com", List.of(binding("sip:bob@10.0.0.5:5060", BOB_UDP, false,
                List.of("<sip:edgeproxy.example.net;lr>"))));
        String withRoute = message("sip:bob@example.com", "Route: <sip:198.51.100.1:5060;lr>\r\n");
        Outcome.Reply fwd = (Outcome.Reply) handle(event(withRoute, "alice@example.com"), "bob@example.com").get(0);
        SipRequest r = (SipRequest) decode(fwd.reply().getSip().toByteArray());
        assertEquals(List.of("sip:edgeproxy.example.net;lr"), r.routes().stream().map(a -> a.uri().toString())
                .toList(), "our Route popped, the Path pushed (RFC 3327 §5.3)");
        assertEquals(BOB_UDP, fwd.reply().getFlow(), "a binding behind a Path goes over its flow");

        String foreign = message("sip:bob@example.com", "Route: <sip:elsewhere.example.org;lr>\r\n");
        SipEvent e = event(foreign, "alice@example.com");
        assertEquals(403, upstream(handle(e, "bob@example.com").get(0)).status());
    }

    @Test
    void consumesItsOwnCredentialsAndKeepsOthers() {
        bindings.put("bob@example.com", List.of(binding("sip:bob@203.0.113.5", BOB_UDP, false, List.of())));
        String authz = "Proxy-Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", "
                + "uri=\"sip:bob@example.com\", response=\"00\"\r\n"
                + "Proxy-Authorization: Digest username=\"alice\", realm=\"other.net\", nonce=\"m\", "
                + "uri=\"sip:bob@example.com\", response=\"11\"\r\n";
        Outcome.Reply fwd = (Outcome.Reply) handle(event(message("sip:bob@example.com", authz),
                "alice@example.com"), "bob@example.com").get(0);
        SipRequest r = (SipRequest) decode(fwd.reply().getSip().toByteArray());
        assertEquals(1, r.proxyAuthorizations().size());
        assertEquals("other.net", r.proxyAuthorizations().get(0).param("realm").orElseThrow());
    }

    @Test
    void reroutesARequestKeyedByAnotherAor() {
        Outcome.Forward f = assertInstanceOf(Outcome.Forward.class,
                handle(event(message("sip:Bob@Example.com", ""), "alice@example.com"), "alice@example.com").get(0));
        assertEquals("Bob@example.com", f.key());
        assertEquals(Set.of(Topics.DELIVER), Set.of(f.topic()));
    }

    private static final String UA_A = "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    private static final String UA_B = "urn:uuid:0a1b2c3d-0000-4000-8000-00000000000b";

    private static Binding instance(String contact, Flow flow, String urn, String tempGruu) {
        return new Binding(contact, Map.of(), Binding.NO_Q, "<" + urn + ">", 0, false, flow, List.of(), "reg-1", 1,
                T0.plusSeconds(3600), T0, tempGruu);
    }

    private void bobWithTwoInstances() {
        bindings.put("bob@example.com", List.of(
                instance("sip:bob@192.0.2.20:40000;transport=tcp", BOB_TCP, UA_A, "00aa11bb22cc33dd44ee55ff66778899"),
                instance("sip:bob@203.0.113.5:5062", BOB_UDP, UA_B, "99887766ff55ee44dd33cc22bb11aa00")));
    }

    @Test
    void aGruuReachesOnlyTheContactOfItsInstance() {
        bobWithTwoInstances();
        String pub = "sip:bob@example.com;gr=" + UA_B;
        List<Outcome> out = handle(event(message(pub, ""), "alice@example.com"), "bob@example.com");
        assertEquals(1, out.size(), "RFC 5627 §5.5: the public GRUU's instance only, not every contact of the AOR");
        Outcome.Reply branch = (Outcome.Reply) out.get(0);
        assertEquals("sip:bob@203.0.113.5:5062",
                ((SipRequest) decode(branch.reply().getSip().toByteArray())).requestUriText());
        assertEquals("bob@example.com", branch.reply().getResponseKey());
        assertEquals(200, upstream(handle(branchResponse(branch, 200), "bob@example.com").get(0)).status());

        String temp = "sip:tgruu.00aa11bb22cc33dd44ee55ff66778899@example.com;gr";
        String key = "tgruu.00aa11bb22cc33dd44ee55ff66778899@example.com";
        List<Outcome> t = handle(event(message(temp, ""), "alice@example.com"), key);
        assertEquals(1, t.size(), "a temporary GRUU: the binding it was issued for");
        Outcome.Reply tb = (Outcome.Reply) t.get(0);
        assertEquals(BOB_TCP, tb.reply().getFlow());
        assertEquals(key, tb.reply().getResponseKey(), "responses come back to the partition of the record");
        assertEquals(200, upstream(handle(branchResponse(tb, 200), key).get(0)).status());
    }

    @Test
    void anUnresolvableGruuIs480WhenTheAorIsKnownAnd404WhenNoSuchGruuExists() {
        bobWithTwoInstances();
        String otherInstance = "sip:bob@example.com;gr=urn:uuid:11111111-2222-4333-8444-555555555555";
        assertEquals(480, upstream(handle(event(message(otherInstance, ""), "alice@example.com"),
                "bob@example.com").get(0)).status(), "the AOR is registered, that instance is not");
        assertEquals(480, upstream(handle(event(message("sip:carol@example.com;gr=" + UA_A, ""),
                "alice@example.com"), "carol@example.com").get(0)).status(), "a known user without bindings");
        assertEquals(404, upstream(handle(event(message("sip:nobody@example.com;gr=" + UA_A, ""),
                "alice@example.com"), "nobody@example.com").get(0)).status(), "an unknown user");
        assertEquals(404, upstream(handle(event(message("sip:tgruu.0123456789abcdef@example.com;gr", ""),
                "alice@example.com"), "tgruu.0123456789abcdef@example.com").get(0)).status(),
                "a temporary GRUU never issued");
        assertEquals(404, upstream(handle(event(message("sip:bob@example.com;gr", ""), "alice@example.com"),
                "bob@example.com").get(0)).status(), "no GRUU of that form is issued here, even for a known AOR");
        assertEquals(0, stage.pendingCount());
    }
}
