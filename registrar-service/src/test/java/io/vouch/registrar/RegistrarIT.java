package io.vouch.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.AuthAssertions;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.registrar.internal.AorRecord;
import io.vouch.registrar.internal.AorRecordCodec;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.sip.SipCapabilities;
import io.vouch.runtime.testing.Await;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registrar against the real embedded broker: REGISTER in, binding written, 200 out, state rebuilt by replay. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RegistrarIT {
    private static final int PARTITIONS = 3;
    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private String edge;
    private String group;

    @BeforeAll
    static void topics() {
        KafkaTestSupport.createTopics(List.of(
                TopicSpec.stream(Topics.REGISTRAR, PARTITIONS, VouchTopics.STAGE_RETENTION),
                TopicSpec.stream(Topics.DELIVER, PARTITIONS, VouchTopics.STAGE_RETENTION),
                TopicSpec.compacted(Topics.BINDINGS, PARTITIONS),
                TopicSpec.compacted(Topics.CREDENTIALS, PARTITIONS)));
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        edge = KafkaTestSupport.uniqueEdgeId("edge");
        KafkaTestSupport.createTopics(List.of(VouchTopics.edgeReplies(edge)));
        group = KafkaTestSupport.uniqueGroup("registrar");
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private JsonObject config() {
        return new JsonObject()
                .put("kafka.bootstrap.servers", KafkaTestSupport.bootstrapServers())
                .put("stage.group.id", group)
                .put("stage.shutdown.drain.ms", 300)
                .put("registrar.min.expires.s", 1)
                .put("registrar.sweep.interval.ms", 200);
    }

    private RegistrarVerticle deploy() throws Exception {
        RegistrarVerticle v = new RegistrarVerticle(config(), registry);
        vertx.deployVerticle(v).await(30, TimeUnit.SECONDS);
        return v;
    }

    private static String register(String user, String callId, long cseq, String... headers) {
        StringBuilder sb = new StringBuilder()
                .append("REGISTER sip:example.com SIP/2.0\r\n")
                .append("Via: SIP/2.0/TCP 192.0.2.10:50060;branch=z9hG4bK-").append(callId).append(cseq).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:").append(user).append("@example.com>;tag=f").append(callId).append("\r\n")
                .append("To: <sip:").append(user).append("@example.com>\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(" REGISTER\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** Publishes {@code sip} to the registrar topic under {@code key}, as the auth stage forwards it. */
    private void publish(String key, String tx, String sip, String identity) {
        SipEvent.Builder e = SipEvent.newBuilder()
                .setSip(ByteString.copyFromUtf8(sip))
                .setFlow(Flow.newBuilder().setEdgeId(edge).setTransport(Transport.TCP).setFlowId("conn-" + tx)
                        .setRemoteHost("192.0.2.10").setRemotePort(50060))
                .setTransactionId(tx)
                .setTraceId("0af7651916cd43dd8448eb211c80319c");
        if (identity != null) {
            e.setAuth(identity.startsWith("peer:")
                    ? AuthAssertions.mtlsPeer(identity.substring(5))
                    : AuthAssertions.digestUser(identity.substring(0, identity.lastIndexOf('@')),
                            identity.substring(identity.lastIndexOf('@') + 1), "SHA-256"));
        }
        KafkaTestSupport.produce(Topics.REGISTRAR, key, e.build().toByteArray());
    }

    /** The {@code n}-th reply (1-based) on this test's edge reply topic, decoded. */
    private SipResponse reply(int n) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got =
                KafkaTestSupport.read(Topics.edgeReplies(edge), n, Duration.ofSeconds(30));
        assertEquals(n, got.size(), "replies on " + Topics.edgeReplies(edge));
        SipReply r = SipReply.parseFrom(got.get(n - 1).value());
        assertEquals("registrar", r.getStage());
        DecodeResult d = new SipMessageDecoder().decode(r.getSip().toByteArray());
        return (SipResponse) ((DecodeResult.Parsed) d).message();
    }

    /** Every value of {@code key} in the bindings topic, oldest first (an empty element is a tombstone). */
    private static List<Optional<AorRecord>> history(String key) {
        List<Optional<AorRecord>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.read(Topics.BINDINGS, Integer.MAX_VALUE,
                Duration.ofSeconds(1))) {
            if (key.equals(KafkaTestSupport.key(r))) {
                out.add(r.value() == null ? Optional.empty() : AorRecordCodec.decode(r.value()));
            }
        }
        return out;
    }

    /** The latest value of {@code key} in the bindings topic (empty when absent or a tombstone). */
    private static Optional<AorRecord> latestBinding(String key) {
        List<Optional<AorRecord>> h = history(key);
        return h.isEmpty() ? Optional.empty() : h.get(h.size() - 1);
    }

    @Test
    void registerIsStoredThenAnsweredAndSurvivesARestartByReplay() throws Exception {
        String aor = "alice@example.com";
        RegistrarVerticle first = deploy();
        publish(aor, "tx-1", register("alice", "call-a", 1, "Contact: <sip:alice@192.0.2.10:50060;transport=tcp>",
                "Expires: 600"), "alice@example.com");

        SipResponse ok = reply(1);
        assertEquals(200, ok.status());
        assertEquals(1, ok.contacts().size());
        assertEquals("sip:alice@192.0.2.10:50060;transport=tcp", ok.contacts().get(0).uri().toString());
        assertEquals(600, ok.contacts().get(0).expires().orElseThrow());

        AorRecord stored = latestBinding(aor).orElseThrow();
        assertEquals("sip:alice@192.0.2.10:50060;transport=tcp", stored.bindings().get(0).contact());
        assertEquals(edge, stored.bindings().get(0).flow().getEdgeId());
        assertEquals("conn-tx-1", first.locationService().lookup(aor).get(0).flow().getFlowId());

        vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(30, TimeUnit.SECONDS);
        RegistrarVerticle second = deploy();
        assertTrue(second.locationService().lookup(aor).isEmpty(), "a new replica starts empty");
        publish(aor, "tx-2", register("alice", "call-q", 1), "alice@example.com");

        SipResponse listed = reply(2);
        assertEquals(200, listed.status());
        assertEquals(1, listed.contacts().size(), "bindings rebuilt by replaying " + Topics.BINDINGS);
        assertEquals("sip:alice@192.0.2.10:50060;transport=tcp", listed.contacts().get(0).uri().toString());
        assertEquals(1, second.locationService().lookup(aor).size());
    }

    @Test
    void redeliveredRegisterIsAnsweredWith200Again() throws Exception {
        String aor = "carol@example.com";
        deploy();
        String sip = register("carol", "call-c", 4, "Contact: <sip:carol@192.0.2.30>");
        publish(aor, "tx-c", sip, "carol@example.com");
        assertEquals(200, reply(1).status());
        publish(aor, "tx-c", sip, "carol@example.com");
        SipResponse again = reply(2);
        assertEquals(200, again.status());
        assertEquals(1, again.contacts().size());
        Await.until(() -> registry.find("vouch.registrar.registrations").tag("outcome", "replay").counter() != null,
                Duration.ofSeconds(5), "replay metric");
    }

    @Test
    void optionsIsAnsweredWithoutAuthentication() throws Exception {
        deploy();
        publish("example.com", "tx-o", """
                OPTIONS sip:example.com SIP/2.0\r
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-opt1\r
                Max-Forwards: 70\r
                From: <sip:probe@example.org>;tag=p1\r
                To: <sip:example.com>\r
                Call-ID: opt-1\r
                CSeq: 1 OPTIONS\r
                Content-Length: 0\r
                \r
                """, null);
        SipResponse r = reply(1);
        assertEquals(200, r.status());
        assertEquals(SipCapabilities.ALLOW, r.headers().all("Allow"));
        assertEquals(Optional.of("application/sdp"), r.headers().first("Accept"));
        assertTrue(r.supported().contains("outbound"));
    }

    @Test
    void unauthenticatedRegisterIsRefusedAndNothingIsStored() throws Exception {
        String aor = "mallory@example.com";
        deploy();
        publish(aor, "tx-m", register("mallory", "call-m", 1, "Contact: <sip:mallory@192.0.2.66>"), null);
        assertEquals(403, reply(1).status());
        assertTrue(history(aor).isEmpty());
    }

    @Test
    void expiredBindingIsSweptToATombstone() throws Exception {
        String aor = "dave@example.com";
        RegistrarVerticle v = deploy();
        publish(aor, "tx-d", register("dave", "call-d", 1, "Contact: <sip:dave@192.0.2.40>;expires=2"),
                "dave@example.com");
        assertEquals(200, reply(1).status());
        Await.until(() -> v.locationService().lookup(aor).isEmpty(), Duration.ofSeconds(10), "expiry");
        Await.until(() -> {
            List<Optional<AorRecord>> h = history(aor);
            return h.size() == 2 && h.get(0).isPresent() && h.get(1).isEmpty();
        }, Duration.ofSeconds(20), "binding then tombstone in " + Topics.BINDINGS);
        assertEquals(1.0, registry.get("vouch.registrar.expirations").counter().count());
    }

    @Test
    void temporaryGruusAreKeyedIntoThePartitionOfTheirAor() throws Exception {
        String aor = "gina@example.com";
        RegistrarVerticle v = deploy();
        int owner = VouchTopics.partitionFor(aor, PARTITIONS);
        for (int i = 1; i <= 3; i++) {
            publish(aor, "tx-g" + i, register("gina", "call-g" + i, 1, "Supported: gruu",
                    "Contact: <sip:gina@192.0.2.10:50060;transport=tcp>;+sip.instance=\"<urn:uuid:"
                            + "f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"", "Expires: 600"), "gina@example.com");
            SipResponse ok = reply(i);
            assertEquals(200, ok.status());
            String temp = ok.contacts().get(0).param("temp-gruu").orElseThrow().replace("\"", "");
            io.vouch.sip.SipUri u = (io.vouch.sip.SipUri) io.vouch.sip.Uri.parse(temp).orElseThrow();
            // the auth stage keys a request to the GRUU by its Request-URI's AOR: that must be where the bindings are
            assertEquals(owner, VouchTopics.partitionFor(Topics.aorKey(u.user(), u.host()), PARTITIONS), temp);
            assertEquals("sip:gina@192.0.2.10:50060;transport=tcp",
                    v.locationService().resolveGruu(temp).orElseThrow().contact());
        }
    }
}
