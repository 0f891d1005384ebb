package io.vouch.identity;

import io.vouch.identity.internal.stage.IdentityHandler;
import io.vouch.identity.internal.stage.IdentityHandlerTest;
import io.vouch.identity.internal.verify.VerifierFixture;
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
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.testing.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Timing harness (not a test): signed INVITEs per second through Kafka with 1..N identity replicas in one consumer
 * group, each replica limited to {@code threads} crypto threads, so that on a 2-core machine "one replica on one
 * core" can be compared with "two replicas on two cores". Each replica is its own Vert.x instance, as separate
 * processes would be. The INVITEs are queued before the replicas start and the rate is taken between the first
 * and the last reply. Run: {@code java -cp <test classpath> io.vouch.identity.ReplicaScaleBench [invites]
 * [maxReplicas] [threads]}.
 */
public final class ReplicaScaleBench {
    private ReplicaScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int invites = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int maxReplicas = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (VerifierFixture f = new VerifierFixture()) {
            Path dir = Files.createTempDirectory("scale");
            Path key = TestPki.writePkcs8(dir.resolve("key.pem"), f.leaf.key().getPrivate());
            // two rounds: the first also warms the JIT, so compare the second round's figures
            for (int round = 1; round <= 2; round++) {
                for (int replicas = 1; replicas <= maxReplicas; replicas++) {
                    run(f, key, invites, replicas, threads);
                }
            }
        }
        System.exit(0);
    }

    private static void run(VerifierFixture f, Path key, int invites, int replicas, int threads) throws Exception {
        String input = KafkaTestSupport.uniqueTopic("scale.in");
        String tns = KafkaTestSupport.uniqueTopic("scale.tns");
        String edge = KafkaTestSupport.uniqueEdgeId("scale");
        KafkaTestSupport.createTopics(List.of(TopicSpec.stream(input, 4, Duration.ofHours(1)),
                TopicSpec.compacted(tns, 1), VouchTopics.edgeReplies(edge, 4)));
        KafkaTestSupport.produce(tns, VerifierFixture.ORIG, "acme".getBytes(StandardCharsets.UTF_8));
        KafkaSettings s = KafkaTestSupport.settings();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(KafkaSettings.asProperties(s.producerConfig()))) {
            for (int i = 0; i < invites; i++) {
                String callId = "scale-" + i + "@bench";
                SipEvent e = IdentityHandlerTest.event(IdentityHandlerTest.invite("")
                                .replace("a84b4c76e66710@pc33.example.com", callId), "tx-" + i,
                        IdentityHandlerTest.authenticated("acme")).toBuilder()
                        .setFlow(Flow.newBuilder().setEdgeId(edge).setTransport(Transport.UDP))
                        .setReceivedAtEpochMicros(System.currentTimeMillis() * 1000).build();
                p.send(new ProducerRecord<>(input, callId.getBytes(StandardCharsets.UTF_8), e.toByteArray()));
            }
        }
        String group = KafkaTestSupport.uniqueGroup("scale");
        List<Vertx> instances = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            JsonObject json = new JsonObject()
                    .put("kafka.bootstrap.servers", KafkaTestSupport.bootstrapServers())
                    .put("stage.input.topics", input).put("stage.group.id", group)
                    .put("stage.max.in.flight", 512)
                    .put("tn.assignments.topic", tns).put("crypto.threads", threads)
                    .put("sign.keys", new JsonArray().add(new JsonObject().put("id", "k")
                            .put("key.file", key.toString()).put("x5u", f.x5u)));
            Vertx vertx = Vertx.vertx();
            vertx.deployVerticle(new IdentityVerticle(StageConfig.from(json, IdentityHandler.STAGE,
                    List.of(Topics.IDENTITY)), IdentityConfig.from(json), new SimpleMeterRegistry(), null,
                    Clock.systemUTC())).await(60, TimeUnit.SECONDS);
            instances.add(vertx);
        }
        int got = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        int non302 = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaSettings.asProperties(s.consumerConfig(null)))) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(Topics.edgeReplies(edge)).forEach(pi -> tps.add(new TopicPartition(pi.topic(),
                    pi.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (got < invites && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                    SipReply reply = SipReply.parseFrom(r.value());
                    if (!reply.getSip().toStringUtf8().startsWith("SIP/2.0 302")) {
                        non302++;
                    }
                    got++;
                }
            }
        }
        // rate between the first and the last reply (replica-side timestamps): excludes producing and start-up
        double took = (last - first) / 1e3;
        System.out.printf("replicas=%d crypto.threads=%d: %d queued INVITEs -> %d replies (non-302 %d) in %.1f s = "
                + "%.0f signed INVITE/s%n", replicas, threads, invites, got, non302, took, (got - 1) / took);
        for (Vertx v : instances) {
            v.close().await(30, TimeUnit.SECONDS);
        }
    }
}
