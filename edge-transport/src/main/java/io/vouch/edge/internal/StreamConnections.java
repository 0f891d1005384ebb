package io.vouch.edge.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.StreamChannelInternal;
import io.vouch.edge.EdgeCore;
import io.vouch.edge.EdgeMetrics;
import io.vouch.edge.StreamGuards;
import io.vertx.core.net.NetSocket;
import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipCodecLimits;
import io.vouch.sip.SipStreamDecoder;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The TCP and TLS connections of one edge: frames each byte stream into SIP messages (RFC 3261 §18.3), answers
 * CRLF keep-alive pings with a pong (RFC 5626 §4.4.1), names each connection as a flow, and maps a verified client
 * certificate to a trusted peer name (mutual TLS). It guards the edge against its clients: connection caps (global
 * and per source), a deadline for completing a message once begun, and write back-pressure (a connection whose
 * responses do not drain is not read from, and is closed when it stays stuck).
 *
 * <p>Not thread-safe: all connections of the edge are served on its event loop.
 */
public final class StreamConnections {
    private final String edgeId;
    private final String flowPrefix;
    private final SipCodecLimits limits;
    private final Map<String, String> trustedPeers;
    private final StreamGuards guards;
    private final EdgeCore.Timers timers;
    private final EdgeMetrics metrics;
    private final Predicate<Flow> admit;
    private final BiConsumer<Flow, DecodeResult> sink;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, Integer> perSource = new HashMap<>();
    private long next;
    private java.util.function.Consumer<Flow> closeListener = f -> { };

    /** One open connection and the timers guarding it. */
    private static final class Connection {
        final NetSocket socket;
        final Flow flow;
        final SipStreamDecoder decoder;
        long messageTimer = -1;
        long stallTimer = -1;

        Connection(NetSocket socket, Flow flow, SipStreamDecoder decoder) {
            this.socket = socket;
            this.flow = flow;
            this.decoder = decoder;
        }
    }

    /**
     * @param edgeId       the edge that owns these flows
     * @param flowPrefix   unique per edge process, so flow ids from an earlier run never match a new connection
     * @param trustedPeers client certificate CN or SAN DNS name → trusted peer name
     * @param admit        per-message admission (rate limiting); refused messages are dropped
     * @param sink         receives every decoded message, malformed ones included
     */
    public StreamConnections(String edgeId, String flowPrefix, SipCodecLimits limits, Map<String, String> trustedPeers,
            StreamGuards guards, EdgeCore.Timers timers, EdgeMetrics metrics, Predicate<Flow> admit,
            BiConsumer<Flow, DecodeResult> sink) {
        this.edgeId = edgeId;
        this.flowPrefix = flowPrefix;
        this.limits = limits;
        this.trustedPeers = trustedPeers;
        this.guards = guards;
        this.timers = timers;
        this.metrics = metrics;
        this.admit = admit;
        this.sink = sink;
    }

    /**
     * Takes over a newly accepted (or, for a response, newly opened) connection; returns its flow id, or empty when
     * a connection cap refused it and it was closed.
     */
    public Optional<String> accept(NetSocket socket, Transport transport, String localHost, int localPort) {
        String source = socket.remoteAddress().hostAddress();
        int fromSource = perSource.getOrDefault(source, 0);
        if (connections.size() >= guards.maxConnections()) {
            metrics.connectionRefused("global");
            socket.close();
            return Optional.empty();
        }
        if (fromSource >= guards.maxConnectionsPerSource()) {
            metrics.connectionRefused("per_source");
            socket.close();
            return Optional.empty();
        }
        String flowId = flowPrefix + "-" + (++next);
        Flow flow = Flow.newBuilder()
                .setEdgeId(edgeId)
                .setTransport(transport)
                .setFlowId(flowId)
                .setRemoteHost(source)
                .setRemotePort(socket.remoteAddress().port())
                .setLocalHost(localHost)
                .setLocalPort(localPort)
                .setPeerIdentity(transport == Transport.TLS ? peerName(socket).orElse("") : "")
                .build();
        Connection c = new Connection(socket, flow, new SipStreamDecoder(limits));
        connections.put(flowId, c);
        perSource.merge(source, 1, Integer::sum);
        socket.setWriteQueueMaxSize(guards.writeQueueMaxBytes());
        socket.handler(buffer -> onData(c, buffer));
        socket.closeHandler(v -> onClosed(c, source));
        socket.exceptionHandler(err -> socket.close());
        return Optional.of(flowId);
    }

    /** Tells {@code listener} about every connection that closes, whoever closed it. */
    public void onClose(java.util.function.Consumer<Flow> listener) {
        this.closeListener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Open connections from {@code source} (an IP address). */
    public int fromSource(String source) {
        return perSource.getOrDefault(source, 0);
    }

    private void onClosed(Connection c, String source) {
        if (connections.remove(c.flow.getFlowId()) != null) {
            closeListener.accept(c.flow);
        }
        perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
        cancel(c.messageTimer);
        cancel(c.stallTimer);
    }

    private void onData(Connection c, Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        boolean completed = false;
        for (DecodeResult r : c.decoder.feed(bytes, 0, bytes.length)) {
            switch (r) {
                case DecodeResult.KeepAlive k -> {
                    if (k.ping()) {
                        write(c, Buffer.buffer("\r\n"));
                    }
                }
                case DecodeResult.Incomplete i -> { }
                default -> {
                    completed = true;
                    if (admit.test(c.flow)) {
                        sink.accept(c.flow, r);
                    }
                }
            }
        }
        if (c.decoder.broken()) {
            // Framing is lost (no or bad Content-Length, oversized message): nothing after it can be trusted.
            metrics.connectionClosed("framing");
            c.socket.close();
            return;
        }
        armMessageTimer(c, completed);
    }

    /**
     * A message must be complete within {@code stream.message.timeout.ms} of its first byte, however slowly the
     * bytes trickle in (the idle timeout alone is reset by every byte). No response is sent: without a complete
     * request there is nothing a 408 could be addressed to (RFC 3261 §8.2.6, §21.4.9). The connection is aborted,
     * not closed in order: an orderly close would first wait for responses such a client may never read.
     */
    private void armMessageTimer(Connection c, boolean completed) {
        if (guards.messageTimeoutMs() == 0 || c.stallTimer >= 0) {
            return; // while the edge itself is not reading, the write-stall deadline governs
        }
        if (c.decoder.buffered() == 0 || completed) {
            cancel(c.messageTimer);
            c.messageTimer = -1;
        }
        if (c.decoder.buffered() > 0 && c.messageTimer < 0) {
            c.messageTimer = timers.set(guards.messageTimeoutMs(), () -> {
                c.messageTimer = -1;
                metrics.connectionClosed("message_timeout");
                abort(c.socket);
            });
        }
    }

    /** Writes to the connection of {@code flowId}; false when it is closed. */
    public boolean send(String flowId, byte[] bytes) {
        Connection c = connections.get(flowId);
        if (c == null) {
            return false;
        }
        write(c, Buffer.buffer(bytes));
        return true;
    }

    /**
     * Writes with back-pressure: once the connection's queue is full, reading from it stops (a client that
     * pipelines requests without reading responses gets no more served) until the queue drains; if it does not
     * drain within {@code stream.write.stall.timeout.ms} the connection is closed.
     */
    private void write(Connection c, Buffer data) {
        c.socket.write(data);
        if (c.stallTimer < 0 && c.socket.writeQueueFull()) {
            c.socket.pause();
            cancel(c.messageTimer);
            c.messageTimer = -1;
            c.stallTimer = timers.set(guards.writeStallTimeoutMs(), () -> {
                c.stallTimer = -1;
                metrics.connectionClosed("write_stall");
                abort(c.socket);
            });
            c.socket.drainHandler(v -> {
                cancel(c.stallTimer);
                c.stallTimer = -1;
                c.socket.resume();
                armMessageTimer(c, false);
            });
        }
    }

    /** Resets the connection, dropping queued writes: an orderly close would wait for a queue that never drains. */
    private static void abort(NetSocket socket) {
        if (socket instanceof StreamChannelInternal internal) {
            // a reset frees the kernel's queues too; a FIN would sit behind data the peer never reads
            var channel = internal.channelHandlerContext().channel();
            channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
            channel.close();
        } else {
            socket.close();
        }
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            timers.cancel(timer);
        }
    }

    /** Whether the connection of {@code flowId} is still open. */
    public boolean isOpen(String flowId) {
        return connections.containsKey(flowId);
    }

    public int size() {
        return connections.size();
    }

    /** Closes every connection (shutdown). */
    public void closeAll() {
        new ArrayList<>(connections.values()).forEach(c -> c.socket.close());
    }

    private Optional<String> peerName(NetSocket socket) {
        List<Certificate> chain;
        try {
            chain = socket.peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // no client certificate: an ordinary TLS client
        }
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate cert)) {
            return Optional.empty();
        }
        for (String name : names(cert)) {
            String peer = trustedPeers.get(name);
            if (peer != null) {
                return Optional.of(peer);
            }
        }
        return Optional.empty();
    }

    private static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && san.get(1) instanceof String s) {
                        out.add(s);
                    }
                }
            }
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (CertificateParsingException | javax.naming.InvalidNameException e) {
            return List.of();
        }
        return out;
    }
}
