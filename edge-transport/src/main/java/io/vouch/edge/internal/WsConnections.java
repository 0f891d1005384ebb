package io.vouch.edge.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vouch.edge.EdgeCore;
import io.vouch.edge.EdgeMetrics;
import io.vouch.edge.StreamGuards;
import io.vouch.edge.WsSettings;
import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The SIP over WebSocket connections of one edge (RFC 7118): admits only handshakes that offer the {@code sip}
 * subprotocol (§4) from an allowed origin, takes one SIP message per WebSocket message, text or binary, with
 * Content-Length optional (§5), answers a CRLFCRLF keep-alive with CRLF, and probes a quiet connection with a
 * WebSocket Ping, closing it when nothing comes back (RFC 6455 §5.5.2). Each connection is an RFC 5626 flow; its
 * close is reported so that the bindings relying on it go at once.
 *
 * <p>Not thread-safe: all connections of the edge are served on its event loop.
 */
public final class WsConnections {
    private static final Buffer CRLF = Buffer.buffer("\r\n");

    private final String edgeId;
    private final String flowPrefix;
    private final WsSettings settings;
    private final StreamGuards guards;
    private final ToIntFunction<String> otherConnectionsFrom;
    private final java.util.function.IntSupplier otherConnections;
    private final SipMessageDecoder decoder;
    private final EdgeCore.Timers timers;
    private final EdgeMetrics metrics;
    private final Predicate<Flow> admit;
    private final BiConsumer<Flow, DecodeResult> sink;
    private final Consumer<Flow> closeListener;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, Integer> perSource = new HashMap<>();
    private long next;

    /** One open connection, its liveness and its timers. */
    private static final class Connection {
        final ServerWebSocket ws;
        final Flow flow;
        final String source;
        long lastHeardNanos = System.nanoTime();
        long pingTimer = -1;
        long pongTimer = -1;
        long stallTimer = -1;
        boolean closed;

        Connection(ServerWebSocket ws, Flow flow, String source) {
            this.ws = ws;
            this.flow = flow;
            this.source = source;
        }
    }

    /**
     * @param otherConnections     open TCP/TLS connections, which share the {@code stream.max.connections} cap
     * @param otherConnectionsFrom open TCP/TLS connections from one source IP (the per-source cap)
     * @param decoder              decodes one WebSocket message as one SIP message
     * @param closeListener        told about every connection that closes
     */
    public WsConnections(String edgeId, String flowPrefix, WsSettings settings, StreamGuards guards,
            java.util.function.IntSupplier otherConnections, ToIntFunction<String> otherConnectionsFrom,
            SipMessageDecoder decoder, EdgeCore.Timers timers, EdgeMetrics metrics, Predicate<Flow> admit,
            BiConsumer<Flow, DecodeResult> sink, Consumer<Flow> closeListener) {
        this.edgeId = edgeId;
        this.flowPrefix = flowPrefix;
        this.settings = settings;
        this.guards = guards;
        this.otherConnections = otherConnections;
        this.otherConnectionsFrom = otherConnectionsFrom;
        this.decoder = decoder;
        this.timers = timers;
        this.metrics = metrics;
        this.admit = admit;
        this.sink = sink;
        this.closeListener = Objects.requireNonNull(closeListener, "closeListener");
    }

    /**
     * Decides an opening handshake: refused with 400 when {@code sip} is not among the offered subprotocols
     * (RFC 7118 §4.1), 403 for a foreign origin (RFC 6455 §10.2), 503 beyond the connection caps.
     */
    public void handshake(ServerWebSocketHandshake h, Transport transport, String localHost, int localPort) {
        String source = h.remoteAddress().hostAddress();
        if (!offersSip(h.headers().getAll("Sec-WebSocket-Protocol"))) {
            metrics.connectionRefused("ws_subprotocol");
            h.reject(400);
            return;
        }
        String host = h.authority() == null ? null : h.authority().host();
        if (!settings.originAllowed(h.headers().get("Origin"), host)) {
            metrics.connectionRefused("ws_origin");
            h.reject(403);
            return;
        }
        if (connections.size() + otherConnections.getAsInt() >= guards.maxConnections()) {
            metrics.connectionRefused("global");
            h.reject(503);
            return;
        }
        if (perSource.getOrDefault(source, 0) + otherConnectionsFrom.applyAsInt(source)
                >= guards.maxConnectionsPerSource()) {
            metrics.connectionRefused("per_source");
            h.reject(503);
            return;
        }
        h.accept().onSuccess(ws -> open(ws, transport, source, localHost, localPort));
    }

    static boolean offersSip(Iterable<String> headers) {
        for (String header : headers) {
            for (String token : header.split(",")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("sip")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void open(ServerWebSocket ws, Transport transport, String source, String localHost, int localPort) {
        String flowId = flowPrefix + "-w" + (++next);
        Flow flow = Flow.newBuilder()
                .setEdgeId(edgeId)
                .setTransport(transport)
                .setFlowId(flowId)
                .setRemoteHost(source)
                .setRemotePort(ws.remoteAddress().port())
                .setLocalHost(localHost)
                .setLocalPort(localPort)
                .build();
        Connection c = new Connection(ws, flow, source);
        connections.put(flowId, c);
        perSource.merge(source, 1, Integer::sum);
        ws.setWriteQueueMaxSize(guards.writeQueueMaxBytes());
        ws.textMessageHandler(text -> onMessage(c, text.getBytes(StandardCharsets.UTF_8)));
        ws.binaryMessageHandler(data -> onMessage(c, data.getBytes()));
        ws.pongHandler(data -> heard(c));
        ws.closeHandler(v -> onClosed(c));
        ws.exceptionHandler(err -> {
            // oversized frame or message, protocol violation: the codec has already failed the connection
            if (!c.closed) {
                metrics.connectionClosed("ws_error");
                abort(c);
            }
        });
        armPing(c);
    }

    private void heard(Connection c) {
        c.lastHeardNanos = System.nanoTime();
        if (c.pongTimer >= 0) {
            timers.cancel(c.pongTimer);
            c.pongTimer = -1;
        }
    }

    private void onMessage(Connection c, byte[] bytes) {
        heard(c);
        if (isKeepAlive(bytes)) {
            if (bytes.length == 4) {
                write(c, CRLF, true); // RFC 5626 §4.4.1 ping, pong
            }
            return;
        }
        if (admit.test(c.flow)) {
            sink.accept(c.flow, decoder.decode(bytes));
        }
    }

    private static boolean isKeepAlive(byte[] bytes) {
        if (bytes.length == 0) {
            return true;
        }
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * A connection heard nothing from for {@code ws.ping.interval.ms} gets a Ping and must send something (the Pong)
     * within {@code ws.pong.timeout.ms}: a dead peer is found at most interval + timeout after it last spoke.
     */
    private void armPing(Connection c) {
        armPing(c, settings.pingIntervalMs());
    }

    private void armPing(Connection c, long delayMs) {
        if (settings.pingIntervalMs() == 0 || c.closed) {
            return;
        }
        c.pingTimer = timers.set(Math.max(1, delayMs), () -> {
            c.pingTimer = -1;
            long quietMs = (System.nanoTime() - c.lastHeardNanos) / 1_000_000;
            if (quietMs < settings.pingIntervalMs()) {
                armPing(c, settings.pingIntervalMs() - quietMs);
                return;
            }
            if (c.pongTimer < 0) {
                c.ws.writePing(Buffer.buffer("vouch"));
                c.pongTimer = timers.set(settings.pongTimeoutMs(), () -> {
                    c.pongTimer = -1;
                    metrics.connectionClosed("ws_ping_timeout");
                    abort(c);
                });
            }
            armPing(c);
        });
    }

    /** Sends one SIP message on the connection of {@code flowId}; false when it is closed. */
    public boolean send(String flowId, byte[] bytes) {
        Connection c = connections.get(flowId);
        if (c == null || c.closed) {
            return false;
        }
        write(c, Buffer.buffer(bytes), isUtf8(bytes));
        return true;
    }

    /** A message that is valid UTF-8 goes as a text message (what browsers expect), anything else as binary. */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void write(Connection c, Buffer data, boolean text) {
        if (text) {
            c.ws.writeTextMessage(data.toString(StandardCharsets.UTF_8));
        } else {
            c.ws.writeBinaryMessage(data);
        }
        if (c.stallTimer < 0 && c.ws.writeQueueFull()) {
            c.ws.pause();
            c.stallTimer = timers.set(guards.writeStallTimeoutMs(), () -> {
                c.stallTimer = -1;
                metrics.connectionClosed("write_stall");
                abort(c);
            });
            c.ws.drainHandler(v -> {
                if (c.stallTimer >= 0) {
                    timers.cancel(c.stallTimer);
                    c.stallTimer = -1;
                }
                c.ws.resume();
            });
        }
    }

    /**
     * Drops a dead or misbehaving connection at once: a closing handshake would wait for a peer that is gone, and
     * its flow must be reported closed now, not after the closing timeout.
     */
    private void abort(Connection c) {
        onClosed(c);
        if (c.ws instanceof WebSocketInternal internal) {
            var channel = internal.channelHandlerContext().channel();
            if (channel.isOpen()) {
                channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
                channel.close();
            }
        } else {
            c.ws.close();
        }
    }

    private void onClosed(Connection c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        connections.remove(c.flow.getFlowId());
        perSource.computeIfPresent(c.source, (k, n) -> n <= 1 ? null : n - 1);
        for (long t : new long[] {c.pingTimer, c.pongTimer, c.stallTimer}) {
            if (t >= 0) {
                timers.cancel(t);
            }
        }
        closeListener.accept(c.flow);
    }

    /** Whether the connection of {@code flowId} is still open. */
    public boolean isOpen(String flowId) {
        return connections.containsKey(flowId);
    }

    public int size() {
        return connections.size();
    }

    /** Open WebSocket connections from {@code source}. */
    public int fromSource(String source) {
        return perSource.getOrDefault(source, 0);
    }

    /** Closes every connection (shutdown). */
    public void closeAll() {
        new ArrayList<>(connections.values()).forEach(c -> c.ws.close());
    }
}
