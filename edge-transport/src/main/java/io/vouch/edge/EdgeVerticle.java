package io.vouch.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vouch.edge.internal.StreamConnections;
import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicAdmin;
import io.vouch.runtime.kafka.TopicTail;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.seal.SealKeys;
import io.vouch.sip.SipMessageDecoder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SIP edge: UDP, TCP and TLS listeners in front of {@link EdgeCore}, a publisher onto the stage topics, and a
 * reader of this edge's reply topic ({@code vouch.edge.<id>}). Deploy a single instance per edge id: one event loop
 * owns the transaction table and every connection.
 */
public final class EdgeVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeVerticle.class);

    private final EdgeConfig config;
    private final KafkaSettings kafka;
    private final BusProducer producer;
    private final MeterRegistry registry;
    private final Optional<SealKeys> sealKeys;
    private EdgeCore core;
    private StreamConnections streams;
    private DatagramSocket udp;
    private NetServer tcp;
    private NetServer tls;
    private TopicTail replies;

    public EdgeVerticle(EdgeConfig config, KafkaSettings kafka, BusProducer producer, MeterRegistry registry) {
        this(config, kafka, producer, registry, Optional.empty());
    }

    /**
     * As above; {@code sealKeys} ({@code media.seal.keys}) seal SDES/MIKEY key material before it is produced. Without
     * them a random key only this edge holds is used: keys still never reach the bus in clear, and no stage can
     * open them (the media stage then refuses such offers).
     */
    public EdgeVerticle(EdgeConfig config, KafkaSettings kafka, BusProducer producer, MeterRegistry registry,
            Optional<SealKeys> sealKeys) {
        this.sealKeys = sealKeys;
        this.config = config;
        this.kafka = kafka;
        this.producer = producer;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        EdgeMetrics metrics = new EdgeMetrics(registry);
        core = new EdgeCore(config, metrics, (topic, key, event) -> producer.send(topic, key, event,
                        System.currentTimeMillis() + config.pipelineTimeoutMs()),
                this::send, new VertxTimers(), System::nanoTime, Clock.systemUTC(),
                new SipMessageDecoder(config.codecLimits()), new KeyMaterialSealer(sealKeys.orElseGet(() -> {
                    LOG.warn("no media.seal.keys configured: SDES/MIKEY keys are sealed under a key only this edge "
                            + "holds, so no stage can read them");
                    return SealKeys.ephemeral();
                }), new SecureRandom()));
        String flowPrefix = config.edgeId() + "." + UUID.randomUUID().toString().substring(0, 8);
        streams = new StreamConnections(config.edgeId(), flowPrefix, config.codecLimits(), config.trustedPeers(), core::admit,
                core::onDecoded);
        metrics.gauge("vouch.edge.connections", "Open TCP/TLS connections", streams::size);
        return ensureReplyTopic()
                .compose(v -> startReplies())
                .compose(v -> startUdp())
                .compose(v -> startStream(Transport.TCP, config.tcpPort()))
                .compose(s -> {
                    tcp = s;
                    return startStream(Transport.TLS, config.tlsPort());
                })
                .onSuccess(s -> {
                    tls = s;
                    LOG.info("edge {} listening: udp {} tcp {} tls {} on {}", config.edgeId(), udpPort(), tcpPort(),
                            tlsPort(), config.host());
                });
    }

    @Override
    public Future<?> stop() {
        if (streams != null) {
            streams.closeAll();
        }
        return Future.join(close(udp == null ? null : udp.close()), close(tcp == null ? null : tcp.close()),
                close(tls == null ? null : tls.close()), close(replies == null ? null : vertx.executeBlocking(() -> {
                    replies.close();
                    return null;
                })));
    }

    /** The bound UDP port, or -1 when UDP is off. */
    public int udpPort() {
        return udp == null ? -1 : udp.localAddress().port();
    }

    public int tcpPort() {
        return tcp == null ? -1 : tcp.actualPort();
    }

    public int tlsPort() {
        return tls == null ? -1 : tls.actualPort();
    }

    private Future<Void> ensureReplyTopic() {
        return vertx.executeBlocking(() -> {
            try (TopicAdmin admin = TopicAdmin.create(kafka)) {
                admin.ensureTopics(List.of(VouchTopics.edgeReplies(config.edgeId())))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            return null;
        });
    }

    private Future<Void> startReplies() {
        // Edges are stateless: they follow their reply topic from its end without a consumer group. A reply for a
        // transaction an earlier incarnation owned has nobody to go to.
        return TopicTail.openReplies(vertx, kafka, config.edgeId(), core::onReply).onSuccess(t -> replies = t)
                .mapEmpty();
    }

    private Future<Void> startUdp() {
        if (config.udpPort() < 0) {
            return Future.succeededFuture();
        }
        // Keep the per-read buffer at datagram size; socket buffers come from the OS (net.core.rmem_*).
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReuseAddress(true));
        socket.handler(packet -> {
            Flow flow = Flow.newBuilder()
                    .setEdgeId(config.edgeId())
                    .setTransport(Transport.UDP)
                    .setRemoteHost(packet.sender().hostAddress())
                    .setRemotePort(packet.sender().port())
                    .setLocalHost(config.advertisedHost())
                    .setLocalPort(udpPort())
                    .build();
            core.onDatagram(flow, packet.data().getBytes());
        });
        socket.exceptionHandler(err -> LOG.warn("udp socket error: {}", err.toString()));
        return socket.listen(config.udpPort(), config.host()).onSuccess(s -> udp = s).mapEmpty();
    }

    private Future<NetServer> startStream(Transport transport, int port) {
        if (port < 0) {
            return Future.succeededFuture();
        }
        NetServerOptions options = new NetServerOptions()
                .setIdleTimeout(config.idleTimeoutSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true);
        // Generating the development key pair takes a while: never on the event loop.
        Future<NetServerOptions> ready = transport == Transport.TLS
                ? vertx.executeBlocking(() -> configureTls(options))
                : Future.succeededFuture(options);
        return ready.compose(o -> {
            NetServer server = vertx.createNetServer(o);
            server.connectHandler(socket -> streams.accept(socket, transport, config.advertisedHost(), port));
            return server.listen(port, config.host());
        });
    }

    private NetServerOptions configureTls(NetServerOptions options) throws java.io.IOException {
        String cert = config.tlsCertPath();
        String key = config.tlsKeyPath();
        if (cert.isEmpty()) {
            var dev = DevCertificate.ensure(Path.of(config.dataDir(), "tls"), "localhost", "127.0.0.1",
                    config.advertisedHost());
            cert = dev.certificate().toString();
            key = dev.privateKey().toString();
            LOG.warn("TLS uses the self-signed development certificate {}; set tls.cert.path/tls.key.path", cert);
        }
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setSslHandshakeTimeout(10)
                .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        if (!config.tlsTrustPath().isEmpty() && !config.tlsClientAuth().equals("none")) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsTrustPath()))
                    .setClientAuth(config.tlsClientAuth().equals("required") ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
        }
        return options;
    }

    private boolean send(Flow flow, byte[] bytes) {
        return switch (flow.getTransport()) {
            case UDP -> {
                if (udp == null) {
                    yield false;
                }
                udp.send(Buffer.buffer(bytes), flow.getRemotePort(), flow.getRemoteHost());
                yield true;
            }
            default -> streams.send(flow.getFlowId(), bytes);
        };
    }

    private static Future<?> close(Future<?> f) {
        return f == null ? Future.succeededFuture() : f.recover(err -> Future.succeededFuture());
    }

    private final class VertxTimers implements EdgeCore.Timers {
        @Override
        public long set(long delayMs, Runnable task) {
            return vertx.setTimer(delayMs, id -> task.run());
        }

        @Override
        public void cancel(long id) {
            vertx.cancelTimer(id);
        }
    }
}
