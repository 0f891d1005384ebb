package io.vouch.edge.internal;

import io.vertx.core.buffer.Buffer;
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
 * certificate to a trusted peer name (mutual TLS).
 *
 * <p>Not thread-safe: all connections of the edge are served on its event loop.
 */
public final class StreamConnections {
    private final String edgeId;
    private final String flowPrefix;
    private final SipCodecLimits limits;
    private final Map<String, String> trustedPeers;
    private final Predicate<Flow> admit;
    private final BiConsumer<Flow, DecodeResult> sink;
    private final Map<String, NetSocket> sockets = new HashMap<>();
    private long next;

    /**
     * @param edgeId       the edge that owns these flows
     * @param flowPrefix   unique per edge process, so flow ids from an earlier run never match a new connection
     * @param trustedPeers client certificate CN or SAN DNS name → trusted peer name
     * @param admit        per-message admission (rate limiting); refused messages are dropped
     * @param sink         receives every decoded message, malformed ones included
     */
    public StreamConnections(String edgeId, String flowPrefix, SipCodecLimits limits, Map<String, String> trustedPeers,
            Predicate<Flow> admit, BiConsumer<Flow, DecodeResult> sink) {
        this.edgeId = edgeId;
        this.flowPrefix = flowPrefix;
        this.limits = limits;
        this.trustedPeers = trustedPeers;
        this.admit = admit;
        this.sink = sink;
    }

    /** Takes over a newly accepted connection. */
    public void accept(NetSocket socket, Transport transport, String localHost, int localPort) {
        String flowId = flowPrefix + "-" + (++next);
        Flow flow = Flow.newBuilder()
                .setEdgeId(edgeId)
                .setTransport(transport)
                .setFlowId(flowId)
                .setRemoteHost(socket.remoteAddress().hostAddress())
                .setRemotePort(socket.remoteAddress().port())
                .setLocalHost(localHost)
                .setLocalPort(localPort)
                .setPeerIdentity(transport == Transport.TLS ? peerName(socket).orElse("") : "")
                .build();
        sockets.put(flowId, socket);
        SipStreamDecoder decoder = new SipStreamDecoder(limits);
        socket.handler(buffer -> onData(socket, flow, decoder, buffer));
        socket.closeHandler(v -> sockets.remove(flowId));
        socket.exceptionHandler(err -> socket.close());
    }

    private void onData(NetSocket socket, Flow flow, SipStreamDecoder decoder, Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        for (DecodeResult r : decoder.feed(bytes, 0, bytes.length)) {
            switch (r) {
                case DecodeResult.KeepAlive k -> {
                    if (k.ping()) {
                        socket.write(Buffer.buffer("\r\n"));
                    }
                }
                case DecodeResult.Incomplete i -> { }
                default -> {
                    if (admit.test(flow)) {
                        sink.accept(flow, r);
                    }
                }
            }
        }
        if (decoder.broken()) {
            // Framing is lost (no or bad Content-Length, oversized message): nothing after it can be trusted.
            socket.close();
        }
    }

    /** Writes to the connection of {@code flowId}; false when it is closed. */
    public boolean send(String flowId, byte[] bytes) {
        NetSocket s = sockets.get(flowId);
        if (s == null) {
            return false;
        }
        s.write(Buffer.buffer(bytes));
        return true;
    }

    public int size() {
        return sockets.size();
    }

    /** Closes every connection (shutdown). */
    public void closeAll() {
        new ArrayList<>(sockets.values()).forEach(NetSocket::close);
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
