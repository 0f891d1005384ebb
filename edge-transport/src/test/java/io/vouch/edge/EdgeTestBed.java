package io.vouch.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.SipReply;
import io.vouch.proto.Topics;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real parts edge integration tests run against: the embedded broker, a stage that answers OPTIONS through Kafka
 * exactly as a service does (consume the stage topic, produce a {@link SipReply} to the edge's reply topic, 300 ms
 * later), and a way to deploy edges; plus the tests' own minimal SIP client helpers.
 */
final class EdgeTestBed implements AutoCloseable {
    static final SipMessageDecoder DECODER = new SipMessageDecoder();
    static final SipMessageEncoder ENCODER = new SipMessageEncoder();
    private static final AtomicInteger SEQ = new AtomicInteger();

    final Vertx vertx = Vertx.vertx();
    final MeterRegistry registry = new SimpleMeterRegistry();
    final BusProducer producer;
    final AtomicInteger handled = new AtomicInteger();
    /** Flow-closed notices the edge published (events without a SIP message), with the time each arrived. */
    final List<io.vouch.proto.SipEvent> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Long> noticeNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The edge sockets ({@code Flow.local_socket}) that received the UDP requests the stage answered. */
    final java.util.Set<Integer> udpSockets = java.util.concurrent.ConcurrentHashMap.newKeySet();

    EdgeTestBed(String name) throws Exception {
        var kafka = KafkaTestSupport.settings();
        KafkaTestSupport.createTopics(VouchTopics.defaults(2));
        producer = BusProducer.create(kafka, registry);
        StageVerticle stage = StageVerticle.builder(
                StageConfig.of("options-test", List.of(Topics.REGISTRAR), KafkaTestSupport.uniqueGroup(name), kafka),
                record -> {
                    if (record.event().getSip().isEmpty()) {
                        noticeNanos.add(System.nanoTime());
                        notices.add(record.event());
                        return Future.succeededFuture(List.<Outcome>of());
                    }
                    handled.incrementAndGet();
                    if (record.event().getFlow().getTransport() == io.vouch.proto.Transport.UDP) {
                        udpSockets.add(record.event().getFlow().getLocalSocket());
                    }
                    var req = (SipRequest) ((DecodeResult.Parsed) DECODER.decode(record.event().getSip().toByteArray()))
                            .message();
                    byte[] ok = ENCODER.encode(SipResponse.forRequest(req, 200, "OK").header("Allow", "OPTIONS")
                            .header("X-Test-Peer", "[" + record.event().getFlow().getPeerIdentity() + "]").build());
                    SipReply reply = SipReply.newBuilder().setSip(ByteString.copyFrom(ok)).setStatus(200)
                            .setFlow(record.event().getFlow()).setTransactionId(record.event().getTransactionId())
                            .setStage("options-test").build();
                    return vertx.timer(300).map(t -> List.<Outcome>of(new Outcome.Reply(reply)));
                }, registry).producer(producer).build();
        await(vertx.deployVerticle(stage));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stage.assignment().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // the stage joins its group before the edge sends anything its way
        }
    }

    /**
     * Adds a stage on the auth topic that answers every REGISTER with 200 (as auth and registrar together would) and
     * leaves everything else unanswered.
     */
    void answerRegisters(String name) throws Exception {
        var kafka = KafkaTestSupport.settings();
        StageVerticle stage = StageVerticle.builder(
                StageConfig.of("register-test", List.of(Topics.AUTH), KafkaTestSupport.uniqueGroup(name), kafka),
                record -> {
                    var req = (SipRequest) ((DecodeResult.Parsed) DECODER.decode(record.event().getSip().toByteArray()))
                            .message();
                    if (!req.method().equals("REGISTER")) {
                        return Future.succeededFuture(List.<Outcome>of());
                    }
                    SipResponse.Builder b = SipResponse.forRequest(req, 200, "OK");
                    req.headers().all("Contact").forEach(c -> b.header("Contact", c));
                    SipReply reply = SipReply.newBuilder().setSip(ByteString.copyFrom(ENCODER.encode(b.build())))
                            .setStatus(200).setFlow(record.event().getFlow()).setTransactionId(record.event().getTransactionId())
                            .setStage("register-test").build();
                    return Future.succeededFuture(List.<Outcome>of(new Outcome.Reply(reply)));
                }, registry).producer(producer).build();
        await(vertx.deployVerticle(stage));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stage.assignment().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Deploys an edge with {@code cfg} over the defaults every test edge shares; data dir in a temporary folder. */
    EdgeVerticle deployEdge(String name, JsonObject cfg) throws Exception {
        return deployEdge(name, cfg, registry);
    }

    /** As above, with the edge's metrics in {@code edgeRegistry}. */
    EdgeVerticle deployEdge(String name, JsonObject cfg, MeterRegistry edgeRegistry) throws Exception {
        Path dir = Files.createTempDirectory(name);
        JsonObject all = new JsonObject()
                .put("edge.id", KafkaTestSupport.uniqueEdgeId(name))
                .put("sip.udp.port", 0).put("sip.tcp.port", 0).put("sip.tls.port", 0)
                .put("sip.domains", "example.com,127.0.0.1")
                .put("pipeline.timeout.ms", 5000)
                .put("data.dir", dir.toString())
                .mergeIn(cfg);
        EdgeVerticle edge = new EdgeVerticle(EdgeConfig.from(all), KafkaTestSupport.settings(), producer,
                edgeRegistry);
        await(vertx.deployVerticle(edge));
        return edge;
    }

    @Override
    public void close() throws Exception {
        await(vertx.close());
        producer.close();
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** A request from {@code 127.0.0.1:localPort} with rport, a fresh branch, tag and Call-ID. */
    static String request(String method, String ruri, String transport, int localPort, String extra) {
        return request(method, ruri, "SIP/2.0/" + transport + " 127.0.0.1:" + localPort, ";rport", extra);
    }

    /** A request whose top Via is {@code sentBy} (e.g. {@code SIP/2.0/TCP host:port}) plus {@code viaParams}. */
    static String request(String method, String ruri, String sentBy, String viaParams, String extra) {
        int n = SEQ.incrementAndGet();
        return method + " " + ruri + " SIP/2.0\r\n"
                + "Via: " + sentBy + ";branch=z9hG4bK-it-" + n + viaParams + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@example.com>;tag=t" + n + "\r\n"
                + "To: <sip:example.com>\r\n"
                + "Call-ID: it-" + n + "@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    static SipResponse parse(byte[] bytes, int len) {
        var r = DECODER.decode(bytes, 0, len);
        assertTrue(r instanceof DecodeResult.Parsed, () -> "not a SIP message: " + r);
        return (SipResponse) ((DecodeResult.Parsed) r).message();
    }

    static SipResponse receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return parse(buf, p.getLength());
    }

    /** Reads one response framed by Content-Length (the test's own minimal framing). */
    static SipResponse readStreamResponse(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.UTF_8);
        int len = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:") || line.toLowerCase().startsWith("l:")) {
                len = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(len);
        head.write(body);
        byte[] all = head.toByteArray();
        return parse(all, all.length);
    }

    /** A client context trusting the development certificate {@code edge} generated in its data dir. */
    static SSLContext trusting(EdgeVerticle edge) throws Exception {
        Path pem = Path.of(edge.edgeConfig().dataDir(), "tls/edge-dev-cert.pem");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(pem));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("edge", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /** The value of counter {@code name} with tag {@code tag=value}, 0 when never incremented. */
    double count(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }
}
