package io.vouch.auth;

import io.vouch.auth.internal.digest.DigestClient;
import io.vouch.auth.internal.stage.AuthHandler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.runtime.testing.MutableClock;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The auth stage against the real embedded broker: provisioning, challenge, verification, replay, stale nonces. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REGISTER = """
            REGISTER sip:example.com SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-%s\r
            Max-Forwards: 70\r
            From: <sip:%s@example.com>;tag=f1\r
            To: <sip:%s@example.com>\r
            Call-ID: reg-%s@192.0.2.10\r
            CSeq: %d REGISTER\r
            Contact: <sip:%s@192.0.2.10:5060>\r
            Expires: 3600\r
            %s\
            Content-Length: 0\r
            \r
            """;

    private final MutableClock clock = new MutableClock(Instant.now());
    private Vertx vertx;
    private String input;
    private String credentials;
    private String registrar;
    private String edge;
    private String group;
    private String firstReplica;
    private int cseq;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        input = KafkaTestSupport.uniqueTopic("auth.in");
        credentials = KafkaTestSupport.uniqueTopic("credentials");
        registrar = KafkaTestSupport.uniqueTopic("registrar");
        edge = KafkaTestSupport.uniqueEdgeId("edge");
        KafkaTestSupport.createTopics(List.of(TopicSpec.stream(input, 2, Duration.ofHours(1)),
                TopicSpec.compacted(credentials, 1), TopicSpec.stream(registrar, 1, Duration.ofHours(1)),
                VouchTopics.edgeReplies(edge)));
        assertEquals(0, users("secret\n", "add", "alice", "--realm", "example.com"));

        group = KafkaTestSupport.uniqueGroup("auth");
        firstReplica = deploy();
        clock.advance(Duration.ofSeconds(1)); // nonces minted from now on postdate the partition assignment
    }

    /** Deploys one auth replica (all replicas share the consumer group) and returns its deployment id. */
    private String deploy() throws Exception {
        JsonObject json = new JsonObject()
                .put("kafka.bootstrap.servers", KafkaTestSupport.bootstrapServers())
                .put("stage.input.topics", input)
                .put("stage.group.id", group)
                .put("stage.shutdown.drain.ms", 500)
                .put("auth.realms", "example.com")
                .put("auth.algorithms", "SHA-512-256,SHA-256,MD5") // the SHA-2 paths; the default offers MD5 only
                .put("auth.nonce.keys", "1:" + "k".repeat(43) + "=")
                .put("auth.nonce.ttl.ms", 30_000)
                .put("auth.nonce.rebalance.skew.ms", 0)
                .put("auth.credentials.topic", credentials)
                .put("auth.route.register", registrar);
        AuthVerticle verticle = new AuthVerticle(StageConfig.from(json, AuthHandler.STAGE, List.of(Topics.AUTH)),
                AuthConfig.from(json), new SimpleMeterRegistry(), null, clock);
        return vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private int users(String stdin, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kafka";
        all[args.length + 1] = KafkaTestSupport.bootstrapServers();
        all[args.length + 2] = "--topic";
        all[args.length + 3] = credentials;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = UsersCommand.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        return status;
    }

    private void send(String user, String authorization) {
        cseq++;
        String sip = REGISTER.formatted("b" + cseq, user, user, user, cseq, user,
                authorization == null ? "" : "Authorization: " + authorization + "\r\n");
        SipEvent e = SipEvent.newBuilder().setSip(ByteString.copyFrom(sip, StandardCharsets.UTF_8))
                .setTransactionId("z9hG4bK-b" + cseq).setTraceId("0af7651916cd43dd8448eb211c80319c")
                .setFlow(Flow.newBuilder().setEdgeId(edge).setTransport(Transport.UDP)
                        .setRemoteHost("192.0.2.10").setRemotePort(5060))
                .build();
        KafkaTestSupport.produce(input, Topics.userKey("example.com", user), e.toByteArray());
    }

    /** The n-th reply (1-based) on the edge's reply topic, decoded. */
    private SipResponse reply(int n) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.read(Topics.edgeReplies(edge), n, WAIT);
        assertEquals(n, got.size(), "replies");
        SipReply r = SipReply.parseFrom(got.get(n - 1).value());
        var decoded = new SipMessageDecoder().decode(r.getSip().toByteArray());
        return assertInstanceOf(SipResponse.class, assertInstanceOf(DecodeResult.Parsed.class, decoded).message());
    }

    private SipEvent forwarded(int n) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.read(registrar, n, WAIT);
        assertEquals(n, got.size(), "forwarded requests");
        return SipEvent.parseFrom(got.get(n - 1).value());
    }

    private static String answer(SipResponse challenge, String user, String password, int nc) {
        String sha256 = challenge.headers().all("WWW-Authenticate").stream()
                .filter(v -> v.contains("algorithm=SHA-256,")).findFirst().orElseThrow();
        return DigestClient.authorize(sha256, "SHA-256", user, password, "REGISTER", "sip:example.com",
                new byte[0], nc, "0a4f113b", "auth");
    }

    @Test
    void challengesVerifiesRejectsAndRenewsStaleNoncesOverTheBroker() throws Exception {
        send("alice", null);
        SipResponse challenge = reply(1);
        assertEquals(401, challenge.status());
        assertEquals(3, challenge.headers().all("WWW-Authenticate").size());

        String good = answer(challenge, "alice", "secret", 1);
        send("alice", good);
        SipEvent fwd = forwarded(1);
        assertEquals(AuthAssertions.digestUser("alice", "example.com", "SHA-256"), fwd.getAuth());

        send("alice", answer(challenge, "alice", "wrong", 2));
        SipResponse wrong = reply(2);
        assertEquals(401, wrong.status());
        assertFalse(wrong.headers().all("WWW-Authenticate").get(0).contains("stale"));

        send("alice", good); // the same credentials in a new transaction: nc did not increase
        SipResponse replay = reply(3);
        assertEquals(401, replay.status());
        assertTrue(replay.headers().all("WWW-Authenticate").get(0).contains("stale=true"));

        clock.advance(Duration.ofSeconds(31));
        send("alice", answer(challenge, "alice", "secret", 5));
        SipResponse stale = reply(4);
        assertEquals(401, stale.status());
        assertTrue(stale.headers().all("WWW-Authenticate").get(0).contains("stale=true"));

        send("alice", answer(stale, "alice", "secret", 1));
        assertEquals("alice@example.com", forwarded(2).getAuth().getIdentity());
    }

    @Test
    void seesUsersProvisionedAfterItStarted() throws Exception {
        send("bob", null);
        SipResponse challenge = reply(1);
        send("bob", answer(challenge, "bob", "hunter2", 1));
        assertEquals(401, reply(2).status()); // not provisioned yet

        assertEquals(0, users("hunter2\n", "add", "bob", "--realm", "example.com"));
        Thread.sleep(500); // the credentials table follows the topic
        send("bob", answer(challenge, "bob", "hunter2", 2));
        assertEquals("bob@example.com", forwarded(1).getAuth().getIdentity());
        assertEquals("bob@example.com", KafkaTestSupport.key(
                KafkaTestSupport.read(registrar, 1, WAIT).get(0)));

        assertEquals(0, users("", "delete", "bob", "--realm", "example.com"));
        Thread.sleep(500);
        send("bob", answer(challenge, "bob", "hunter2", 3));
        assertEquals(401, reply(3).status());
    }

    @Test
    void answersNoncesStaleOnceTheUsersPartitionMovedToAnotherReplica() throws Exception {
        send("alice", null);
        SipResponse challenge = reply(1);
        send("alice", answer(challenge, "alice", "secret", 1));
        assertEquals(1, KafkaTestSupport.read(registrar, 1, WAIT).size());
        clock.advance(Duration.ofSeconds(1));

        // a second replica joins and the first leaves: the second now owns alice's partition, without her counters
        deploy();
        vertx.undeploy(firstReplica).await(30, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(1));

        // a replay of nc=1 would be accepted by a replica with no counter; nonces from before it took the
        // partition over are therefore stale, and so is the legitimate next request over the same nonce
        send("alice", answer(challenge, "alice", "secret", 1));
        SipResponse replayed = reply(2);
        assertEquals(401, replayed.status());
        assertTrue(replayed.headers().all("WWW-Authenticate").get(0).contains("stale=true"));
        send("alice", answer(challenge, "alice", "secret", 2));
        SipResponse next = reply(3);
        assertTrue(next.headers().all("WWW-Authenticate").get(0).contains("stale=true"));

        send("alice", answer(next, "alice", "secret", 1));
        assertEquals(2, KafkaTestSupport.read(registrar, 2, WAIT).size());
    }
}
