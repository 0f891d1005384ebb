package io.vouch.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TCPSSLOptions;
import io.netty.buffer.ByteBufUtil;
import io.vouch.edge.internal.DatagramGate;
import io.vouch.edge.internal.EdgeWarmup;
import io.vouch.edge.internal.ReplyConnector;
import io.vouch.edge.internal.StreamConnections;
import io.vouch.edge.internal.TlsPolicy;
import io.vouch.edge.internal.UdpListener;
import io.vouch.edge.internal.WsConnections;
import io.vouch.sip.SipCodecLimits;
import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicAdmin;
import io.vouch.runtime.kafka.TopicTail;
import io.vouch.runtime.kafka.VouchTopics;
import io.vouch.runtime.kafka.WarmupRecords;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.seal.SealKeys;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
    private EdgeMetrics metrics;
    private StreamConnections streams;
    private UdpListener udp;
    private NetServer tcp;
    private NetServer tls;
    private WsConnections websockets;
    private HttpServer ws;
    private HttpServer wss;
    private TopicTail replies;
    private ReplyConnector reconnector;
    private PemKeyCertOptions tlsKeyCert;
    private Supplier<Future<?>> gate = Future::succeededFuture;
    private int warmupRepliesSeen;

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
        // TLS 1.2 renegotiation started by a client is refused (a CPU-exhaustion lever, RFC 9325 §3.5); an
        // operator's explicit JVM setting wins.
        if (System.getProperty(TlsPolicy.REJECT_CLIENT_RENEGOTIATION) == null) {
            System.setProperty(TlsPolicy.REJECT_CLIENT_RENEGOTIATION, "true");
        }
        metrics = new EdgeMetrics(registry);
        core = new EdgeCore(config, metrics, (topic, key, event) -> producer.send(topic, key, event,
                        System.currentTimeMillis() + config.pipelineTimeoutMs()),
                this::send, new VertxTimers(), System::nanoTime, Clock.systemUTC(),
                new SipMessageDecoder(config.codecLimits()), new KeyMaterialSealer(sealKeys.orElseGet(() -> {
                    LOG.warn("no media.seal.keys configured: SDES/MIKEY keys are sealed under a key only this edge "
                            + "holds, so no stage can read them");
                    return SealKeys.ephemeral();
                }), new SecureRandom()));
        String flowPrefix = config.edgeId() + "." + UUID.randomUUID().toString().substring(0, 8);
        streams = new StreamConnections(config.edgeId(), flowPrefix, config.codecLimits(), config.trustedPeers(),
                config.streams(), new VertxTimers(), metrics, core::admit, core::onDecoded);
        streams.onClose(core::onFlowClosed);
        websockets = new WsConnections(config.edgeId(), flowPrefix, config.ws(), config.streams(), streams::size,
                streams::fromSource, new SipMessageDecoder(wsLimits()), new VertxTimers(), metrics, core::admit,
                core::onDecoded, core::onFlowClosed);
        core.trackFlows(id -> streams.isOpen(id) || websockets.isOpen(id));
        metrics.gauge("vouch.edge.connections", "Open TCP/TLS connections", streams::size);
        metrics.gauge("vouch.edge.ws.connections", "Open WebSocket (WS/WSS) connections", websockets::size);
        return ensureReplyTopic()
                .compose(v -> startReplies())
                // the gate mostly waits (for stages, for acknowledgements) while the request-path warm-up computes
                .compose(v -> Future.all(gate.get(), warmup()))
                .compose(v -> warmupBus())
                .compose(v -> startUdp())
                .compose(v -> startStream(Transport.TCP, config.tcpPort()))
                .compose(s -> {
                    tcp = s;
                    return startStream(Transport.TLS, config.tlsPort());
                })
                .compose(s -> {
                    tls = s;
                    return startWebSocket(Transport.WS, config.ws().wsPort());
                })
                .compose(s -> {
                    ws = s;
                    return startWebSocket(Transport.WSS, config.ws().wssPort());
                })
                .onSuccess(s -> {
                    wss = s;
                    reconnector = new ReplyConnector(vertx.createNetClient(clientOptions()),
                            tls == null ? null : vertx.createNetClient(clientOptions().setSsl(true)
                                    .setHostnameVerificationAlgorithm("HTTPS")),
                            streams, new SipMessageDecoder(config.codecLimits()), metrics, config.advertisedHost(),
                            tcpPort(), tlsPort());
                    LOG.info("edge {} listening: udp {} tcp {} tls {} ws {} wss {} on {}", config.edgeId(), udpPort(),
                            tcpPort(), tlsPort(), wsPort(), wssPort(), config.host());
                });
    }

    @Override
    public Future<?> stop() {
        if (streams != null) {
            streams.closeAll();
        }
        if (websockets != null) {
            websockets.closeAll();
        }
        return Future.join(close(ws == null ? null : ws.close()), close(wss == null ? null : wss.close()),
                close(udp == null ? null : udp.close()), close(tcp == null ? null : tcp.close()),
                close(tls == null ? null : tls.close()), close(replies == null ? null : vertx.executeBlocking(() -> {
                    replies.close();
                    return null;
                })));
    }

    public EdgeConfig edgeConfig() {
        return config;
    }

    /** The bound UDP port, or -1 when UDP is off. */
    public int udpPort() {
        return udp == null ? -1 : udp.port();
    }

    public int tcpPort() {
        return tcp == null ? -1 : tcp.actualPort();
    }

    public int tlsPort() {
        return tls == null ? -1 : tls.actualPort();
    }

    /** The bound plain WebSocket port, or -1 when off. */
    public int wsPort() {
        return ws == null ? -1 : ws.actualPort();
    }

    /** The bound WebSocket-over-TLS port, or -1 when off. */
    public int wssPort() {
        return wss == null ? -1 : wss.actualPort();
    }

    /** One WebSocket message is one SIP message: the datagram framing rules with the WebSocket message limit. */
    private SipCodecLimits wsLimits() {
        SipCodecLimits l = config.codecLimits();
        return new SipCodecLimits(config.ws().maxMessageBytes(), l.maxStreamMessageBytes(), l.maxStartLineBytes(),
                l.maxHeaderLineBytes(), l.maxHeaders(), l.maxBodyBytes());
    }

    /**
     * A SIP over WebSocket listener (RFC 7118): the {@code sip} subprotocol only, no compression (a small frame must
     * not inflate past the limits), frame and message limits, and for WSS the edge's certificate and TLS policy.
     * Plain HTTP requests get 426.
     */
    private Future<HttpServer> startWebSocket(Transport transport, int port) {
        if (port < 0) {
            return Future.succeededFuture();
        }
        HttpServerOptions options = new HttpServerOptions()
                .setWebSocketSubProtocols(List.of("sip"))
                .setMaxWebSocketFrameSize(config.ws().maxFrameBytes())
                .setMaxWebSocketMessageSize(config.ws().maxMessageBytes())
                .setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false)
                .setWebSocketClosingTimeout(2);
        options.setIdleTimeout(config.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS).setTcpNoDelay(true);
        Future<HttpServerOptions> ready = transport == Transport.WSS
                ? vertx.executeBlocking(() -> (HttpServerOptions) configureTls(options))
                : Future.succeededFuture(options);
        return ready.compose(o -> {
            HttpServer server = vertx.createHttpServer(o);
            server.webSocketHandshakeHandler(h -> websockets.handshake(h, transport, config.advertisedHost(),
                    h.localAddress().port()));
            server.webSocketHandler(w -> { }); // every handshake is decided in the handshake handler
            server.requestHandler(req -> req.response().setStatusCode(426).putHeader("Upgrade", "websocket")
                    .putHeader("Sec-WebSocket-Protocol", "sip").end());
            return server.listen(port, config.host());
        });
    }

    /** Runs the request path on synthetic traffic (bounded by {@code warmup.ms}) before any port opens. */
    private Future<Void> warmup() {
        if (config.warmupMs() == 0) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            long t0 = System.nanoTime();
            int n = EdgeWarmup.run(config, config.warmupMs(), config.warmupRequests());
            LOG.info("edge {} warmed up: {} synthetic requests in {} ms", config.edgeId(), n,
                    (System.nanoTime() - t0) / 1_000_000);
            return null;
        });
    }

    /**
     * Sends {@code edge.warmup.bus.records} warm-up records ({@link WarmupRecords}) through the producer and the broker
     * to this edge's own reply topic and waits until its reader has seen them, within {@code edge.warmup.ms}: the
     * first requests then meet a warm producer, broker and reply reader, and the reply topic's reader is known to
     * work. In a process without stages this is the part of the pipeline an edge can warm.
     */
    private Future<Void> warmupBus() {
        int count = config.warmupBusRecords();
        if (count == 0 || config.warmupMs() == 0) {
            return Future.succeededFuture();
        }
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(config.warmupMs());
        String topic = io.vouch.proto.Topics.edgeReplies(config.edgeId());
        byte[] value = EdgeWarmup.reply(config).toByteArray();
        return WarmupRecords.send(producer, count, deadline, i -> WarmupRecords.record(topic, null, "warmup-" + i,
                        value))
                .compose(sent -> WarmupRecords.awaitSeen(vertx, () -> warmupRepliesSeen, sent, deadline)
                        .onSuccess(seen -> LOG.info("edge {} warmed its bus path: {} of {} records back in {} ms",
                                config.edgeId(), seen, sent, (System.nanoTime() - t0) / 1_000_000)))
                .mapEmpty();
    }

    /**
     * Opens the ports only once {@code gate} completes (started once this edge's reply reader is up, alongside its
     * request-path warm-up): the one-process ensemble waits there until every stage in the process is ready and warm.
     * A failed gate fails the start.
     */
    public EdgeVerticle openAfter(Supplier<Future<?>> gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
        return this;
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
        return TopicTail.openReplies(vertx, kafka, config.edgeId(), core::onReply, r -> warmupRepliesSeen++)
                .onSuccess(t -> replies = t).mapEmpty();
    }

    /**
     * Opens the UDP readers. Each datagram passes the core's gate on the thread that read it (a refused one is
     * neither copied nor decoded), is decoded there too, and is then handled on this verticle's event loop.
     */
    private Future<Void> startUdp() {
        if (config.udpPort() < 0) {
            return Future.succeededFuture();
        }
        ContextInternal ctx = (ContextInternal) context;
        DatagramGate gate = core.datagramGate();
        return UdpListener.bind(config.host(), config.udpPort(), config.maxDatagramBytes(), config.udp(),
                (socket, sender, content) -> {
                    if (gate.admit(sender.getAddress(), content.readableBytes())) {
                        ctx.execute(new Datagram(socket, sender,
                                core.decodeDatagram(ByteBufUtil.getBytes(content))), this::onDatagram);
                    }
                }).onSuccess(u -> {
                    udp = u;
                    metrics.udpListener(u.transportName(), u.readers(), u.receiveBufferBytes());
                }).mapEmpty();
    }

    /** A datagram admitted by the gate and decoded, on its way to the event loop. */
    private record Datagram(int socket, InetSocketAddress sender, DecodeResult decoded) {
    }

    private void onDatagram(Datagram d) {
        Flow flow = Flow.newBuilder()
                .setEdgeId(config.edgeId())
                .setTransport(Transport.UDP)
                .setRemoteHost(d.sender().getAddress().getHostAddress())
                .setRemotePort(d.sender().getPort())
                .setLocalHost(config.advertisedHost())
                .setLocalPort(udpPort())
                .setLocalSocket(d.socket())
                .build();
        core.onDecodedDatagram(flow, d.decoded());
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
        tlsKeyCert = new PemKeyCertOptions().setCertPath(cert).setKeyPath(key);
        options.setSsl(true).setKeyCertOptions(tlsKeyCert);
        applyTlsPolicy(options);
        if (!config.tlsTrustPath().isEmpty() && !config.tlsClientAuth().equals("none")) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsTrustPath()))
                    .setClientAuth(config.tlsClientAuth().equals("required") ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
        }
        return options;
    }

    /** Protocols, AEAD-only suites and the handshake deadline, for the server and for connections the edge opens. */
    private void applyTlsPolicy(TCPSSLOptions options) {
        options.setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setSslHandshakeTimeout(config.tlsHandshakeTimeoutMs())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        config.tlsCipherSuites().forEach(options::addEnabledCipherSuite);
    }

    /** Clients for responses whose connection closed (RFC 3261 §18.2.2); TLS presents the edge's certificate. */
    private NetClientOptions clientOptions() {
        NetClientOptions o = new NetClientOptions().setConnectTimeout(config.streams().replyConnectTimeoutMs())
                .setIdleTimeout(config.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS).setTcpNoDelay(true);
        applyTlsPolicy(o);
        if (tlsKeyCert != null) {
            o.setKeyCertOptions(tlsKeyCert);
        }
        if (!config.tlsTrustPath().isEmpty()) {
            o.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsTrustPath()));
        }
        return o;
    }

    private boolean send(Flow flow, byte[] bytes) {
        return switch (flow.getTransport()) {
            case UDP -> {
                if (udp == null) {
                    yield false;
                }
                if (!udp.send(flow.getLocalSocket(), bytes, flow.getRemoteHost(), flow.getRemotePort())) {
                    metrics.dropped("udp_send_failed");
                }
                yield true; // the flow is there; a lost datagram is the client's retransmission to recover
            }
            // a WebSocket client cannot be reached by a new connection (RFC 7118 §5: its Contact is .invalid)
            case WS, WSS -> websockets.send(flow.getFlowId(), bytes);
            default -> streams.send(flow.getFlowId(), bytes)
                    || (reconnector != null && reconnector.send(flow, bytes));
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
