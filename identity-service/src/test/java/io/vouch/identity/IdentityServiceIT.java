package io.vouch.identity;

import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.PassportToken;
import io.vouch.identity.internal.stage.IdentityHandler;
import io.vouch.identity.internal.stage.IdentityHandlerTest;
import io.vouch.identity.internal.verify.VerifierFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Flow;
import io.vouch.proto.SipEvent;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.proto.Transport;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The identity stage against the embedded broker: sign an INVITE, then verify the signed INVITE. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdentityServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private VerifierFixture f;
    private Vertx vertx;
    private String input;
    private String edge;

    @BeforeEach
    void setUp() throws Exception {
        f = new VerifierFixture();
        vertx = Vertx.vertx();
        input = KafkaTestSupport.uniqueTopic("identity.in");
        String tns = KafkaTestSupport.uniqueTopic("tn-assignments");
        edge = KafkaTestSupport.uniqueEdgeId("edge");
        KafkaTestSupport.createTopics(List.of(TopicSpec.stream(input, 2, Duration.ofHours(1)),
                TopicSpec.compacted(tns, 1), VouchTopics.edgeReplies(edge)));
        KafkaTestSupport.produce(tns, VerifierFixture.ORIG, "acme".getBytes(StandardCharsets.UTF_8));

        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), f.leaf.key().getPrivate());
        Path anchors = Files.writeString(dir.resolve("anchors.pem"), TestPki.pem(f.pki.root));
        Path webCa = Files.writeString(dir.resolve("web-ca.pem"), TestPki.pem(f.tls.ca()));
        JsonObject json = new JsonObject()
                .put("kafka.bootstrap.servers", KafkaTestSupport.bootstrapServers())
                .put("stage.input.topics", input)
                .put("stage.group.id", KafkaTestSupport.uniqueGroup("identity"))
                .put("tn.assignments.topic", tns)
                .put("sign.keys", new JsonArray().add(new JsonObject().put("id", "main")
                        .put("key.file", key.toString()).put("x5u", f.x5u)))
                .put("verify.trust.anchors.file", anchors.toString())
                .put("fetch.tls.trust.file", webCa.toString())
                .put("fetch.allow.loopback", true)
                .put("crypto.threads", 2);
        IdentityVerticle verticle = new IdentityVerticle(StageConfig.from(json, IdentityHandler.STAGE,
                List.of(Topics.IDENTITY)), IdentityConfig.from(json), new SimpleMeterRegistry(), null,
                Clock.systemUTC());
        vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        f.close();
    }

    private void publish(String sip, String tx, boolean authenticated) {
        SipEvent.Builder e = IdentityHandlerTest.event(sip, tx).toBuilder()
                .setFlow(Flow.newBuilder().setEdgeId(edge).setTransport(Transport.UDP).setRemoteHost("192.0.2.10")
                        .setRemotePort(5060));
        if (authenticated) {
            e.setAuth(IdentityHandlerTest.authenticated("acme"));
        }
        KafkaTestSupport.produce(input, "a84b4c76e66710@pc33.example.com", e.build().toByteArray());
    }

    private SipResponse reply(int index) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.read(Topics.edgeReplies(edge), index + 1, WAIT);
        assertEquals(index + 1, records.size(), "replies on the edge topic");
        SipReply r = SipReply.parseFrom(records.get(index).value());
        assertEquals("identity", r.getStage());
        assertEquals(edge, r.getFlow().getEdgeId());
        return (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder().decode(r.getSip().toByteArray())).message();
    }

    @Test
    void signsAnInviteThenVerifiesTheSignedInvite() throws Exception {
        publish(IdentityHandlerTest.invite(""), "tx-sign", true);
        SipResponse signed = reply(0);
        assertEquals(302, signed.status());
        assertEquals(1, signed.identities().size());
        assertTrue(signed.identities().getFirst().endsWith(";info=<" + f.x5u + ">;alg=ES256;ppt=shaken"));
        PassportToken t = ((PassportToken.Parsed) PassportToken.parseFull(((IdentityHeader.Parsed)
                IdentityHeader.parse(signed.identities().getFirst())).header().token())).token();
        assertEquals(Attestation.A, t.passport().claims().attest().orElseThrow(),
                "TN ownership comes from the compacted assignments topic");

        publish(IdentityHandlerTest.invite("Identity: " + signed.identities().getFirst() + "\r\n"), "tx-verify", false);
        SipResponse verified = reply(1);
        assertEquals(302, verified.status());
        String pai = verified.headers().first("P-Asserted-Identity").orElseThrow();
        assertTrue(pai.contains(";verstat=TN-Validation-Passed"), pai);
        assertEquals("<sip:+12155551213@example.net>", verified.headers().first("Contact").orElseThrow());
    }
}
