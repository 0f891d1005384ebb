package io.vouch.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.cert.internal.EventPackages;
import io.vouch.cert.internal.Publication;
import io.vouch.cert.internal.StateCodec;
import io.vouch.proto.AuthAssertion;
import io.vouch.proto.AuthMethod;
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
import io.vouch.smime.ContentCipher;
import io.vouch.smime.MimeEntity;
import io.vouch.smime.SmimeEncryptor;
import io.vouch.smime.SmimeSigner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The body-security stage against the embedded broker: the sender's certificate comes from the compacted certificates
 * topic; requests arrive on a stage topic and leave on {@link Topics#DELIVER} or the edge's reply topic.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BodySecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run + "@example.com";
    private final String bob = "bob-" + run + "@example.com";
    private final KeyPair aliceKeys = TestPki.ec();
    private final X509Certificate aliceCert = TestPki.user(aliceKeys, alice, Instant.now());
    private final KeyPair bobKeys = TestPki.rsa(2048);
    private final X509Certificate bobCert = TestPki.user(bobKeys, bob, Instant.now());
    private Vertx vertx;
    private String input;
    private String edge;

    private void start(String policy) throws Exception {
        vertx = Vertx.vertx();
        input = KafkaTestSupport.uniqueTopic("body.in");
        edge = KafkaTestSupport.uniqueEdgeId("edge");
        KafkaTestSupport.createTopics(List.of(TopicSpec.stream(input, 2, Duration.ofHours(1)),
                TopicSpec.stream(Topics.DELIVER, 2, Duration.ofHours(1)), TopicSpec.compacted(Topics.CERTIFICATES, 2),
                VouchTopics.edgeReplies(edge)));
        Publication pub = new Publication(EventPackages.CERTIFICATE, "e1", "application/pkix-cert",
                aliceCert.getEncoded(), System.currentTimeMillis() + 3_600_000, "tx-publish");
        KafkaTestSupport.produce(Topics.CERTIFICATES, alice, StateCodec.encodePublications(List.of(pub)));
        JsonObject json = new JsonObject()
                .put("kafka.bootstrap.servers", KafkaTestSupport.bootstrapServers())
                .put("stage.input.topics", input)
                .put("stage.group.id", KafkaTestSupport.uniqueGroup("body"))
                .put("cert.body.policy", policy);
        BodySecurityVerticle verticle = new BodySecurityVerticle(StageConfig.from(json, "body", List.of(Topics.BODY)),
                BodySecurityConfig.from(json), new SimpleMeterRegistry(), null, Clock.systemUTC());
        vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private byte[] message(String callId, MimeEntity body) {
        StringBuilder head = new StringBuilder("MESSAGE sip:" + bob + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-" + callId + "\r\nMax-Forwards: 70\r\n"
                + "From: <sip:" + alice + ">;tag=f1\r\nTo: <sip:" + bob + ">\r\nCall-ID: " + callId + "\r\n"
                + "CSeq: 1 MESSAGE\r\n");
        body.headers().forEach(h -> head.append(h.name()).append(": ").append(h.value()).append("\r\n"));
        head.append("Content-Length: ").append(body.content().length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body.content());
        return out.toByteArray();
    }

    private void send(String callId, byte[] sip) {
        SipEvent e = SipEvent.newBuilder().setSip(ByteString.copyFrom(sip))
                .setFlow(Flow.newBuilder().setEdgeId(edge).setTransport(Transport.TLS).setRemoteHost("192.0.2.10")
                        .setRemotePort(5061))
                .setTransactionId("tx-" + callId).setTraceId("0af7651916cd43dd8448eb211c80319c")
                .setAuth(AuthAssertion.newBuilder().setIdentity(alice).setMethod(AuthMethod.DIGEST_USER)
                        .setAlgorithm("SHA-256").setRealm("example.com"))
                .build();
        KafkaTestSupport.produce(input, bob, e.toByteArray());
    }

    /** The event this run forwarded with Call-ID {@code callId}, waiting for it. */
    private ConsumerRecord<byte[], byte[]> delivered(String callId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.read(Topics.DELIVER, Integer.MAX_VALUE,
                    Duration.ofSeconds(2))) {
                if (SipEvent.parseFrom(r.value()).getSip().toStringUtf8().contains("Call-ID: " + callId + "\r\n")) {
                    return r;
                }
            }
        }
        throw new AssertionError("nothing delivered for " + callId);
    }

    private static Map<String, String> annotations(SipEvent e) {
        return io.vouch.cert.internal.body.BodySecurityStageTest.annotations(e);
    }

    private MimeEntity signed(String text) {
        return SmimeSigner.create(aliceKeys.getPrivate(), List.of(aliceCert))
                .sign(MimeEntity.of("text/plain", text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] tamper(byte[] sip) {
        String s = new String(sip, StandardCharsets.ISO_8859_1);
        return s.replace("Meet at noon", "Meet at nine").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void annotatesSignedTamperedAndEncryptedBodiesAndForwardsThemUnchanged() throws Exception {
        start("annotate");
        byte[] good = message("ok-" + run, signed("Meet at noon"));
        send("ok-" + run, good);
        ConsumerRecord<byte[], byte[]> r = delivered("ok-" + run);
        assertEquals(bob, KafkaTestSupport.key(r));
        SipEvent e = SipEvent.parseFrom(r.value());
        assertArrayEquals(good, e.getSip().toByteArray());
        assertEquals(Map.of("smime", "verified", "smime.signer", "sip:" + alice), annotations(e));
        assertEquals(alice, e.getAuth().getIdentity(), "what earlier stages found is kept");

        byte[] bad = tamper(message("bad-" + run, signed("Meet at noon")));
        send("bad-" + run, bad);
        SipEvent b = SipEvent.parseFrom(delivered("bad-" + run).value());
        assertArrayEquals(bad, b.getSip().toByteArray());
        assertEquals(Map.of("smime", "invalid", "smime.reason", "signature mismatch"), annotations(b));

        MimeEntity enc = SmimeEncryptor.create(List.of(bobCert), ContentCipher.AES128_GCM).encrypt(signed("x"));
        byte[] secret = message("enc-" + run, enc);
        send("enc-" + run, secret);
        SipEvent s = SipEvent.parseFrom(delivered("enc-" + run).value());
        assertArrayEquals(secret, s.getSip().toByteArray(), "an encrypted body passes untouched");
        assertEquals(Map.of("smime", "encrypted"), annotations(s));
    }

    @Test
    void refusesATamperedBodyWith403UnderRequireSigned() throws Exception {
        start("require-signed");
        send("bad-" + run, tamper(message("bad-" + run, signed("Meet at noon"))));
        List<ConsumerRecord<byte[], byte[]>> replies = KafkaTestSupport.read(Topics.edgeReplies(edge), 1, WAIT);
        assertEquals(1, replies.size());
        SipReply reply = SipReply.parseFrom(replies.get(0).value());
        assertEquals("body", reply.getStage());
        SipResponse resp = (SipResponse) ((DecodeResult.Parsed) new SipMessageDecoder()
                .decode(reply.getSip().toByteArray())).message();
        assertEquals(403, resp.status());
        assertTrue(resp.headers().first("Warning").orElseThrow().contains("signature mismatch"));
        // and a good one still goes through
        send("ok-" + run, message("ok-" + run, signed("Meet at noon")));
        assertEquals("verified", annotations(SipEvent.parseFrom(delivered("ok-" + run).value())).get("smime"));
    }
}
