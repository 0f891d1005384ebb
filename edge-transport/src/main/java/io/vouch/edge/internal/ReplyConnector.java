package io.vouch.edge.internal;

import io.vertx.core.Future;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vouch.edge.EdgeMetrics;
import io.vouch.proto.Flow;
import io.vouch.proto.Transport;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipResponse;
import io.vouch.sip.Via;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a response whose TCP/TLS connection has closed over a new connection, as RFC 3261 §18.2.2 asks: to the
 * {@code received} address (else the sent-by host) at the sent-by port, or the transport's default port. Over TLS
 * the connection goes to the sent-by name and the server certificate must match that name and chain to the edge's
 * trust (RFC 5922 §7.2). Later responses for the same closed flow reuse the new connection.
 *
 * <p>Not thread-safe: runs on the edge's event loop.
 */
public final class ReplyConnector {
    private static final int MAX_REOPENED = 10_000;

    /** Where a response goes when its connection is gone. */
    record Target(String host, int port, String serverName) {
    }

    private final NetClient tcp;
    private final NetClient tls;
    private final StreamConnections streams;
    private final SipMessageDecoder decoder;
    private final EdgeMetrics metrics;
    private final String localHost;
    private final int tcpPort;
    private final int tlsPort;
    private final Map<String, Future<String>> reopened = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Future<String>> eldest) {
            return size() > MAX_REOPENED;
        }
    };

    /**
     * @param tcp       client for TCP connections
     * @param tls       client for TLS connections (hostname verification on, the edge's trust), null when TLS is off
     * @param localHost the edge's advertised host, recorded in the new flow
     */
    public ReplyConnector(NetClient tcp, NetClient tls, StreamConnections streams, SipMessageDecoder decoder,
            EdgeMetrics metrics, String localHost, int tcpPort, int tlsPort) {
        this.tcp = tcp;
        this.tls = tls;
        this.streams = streams;
        this.decoder = decoder;
        this.metrics = metrics;
        this.localHost = localHost;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
    }

    /**
     * Sends {@code response} for the closed {@code flow} over a new (or already reopened) connection; false when the
     * response names no usable Via and nothing will be sent.
     */
    public boolean send(Flow flow, byte[] response) {
        Future<String> opened = reopened.get(flow.getFlowId());
        if (opened == null || (opened.succeeded() && !streams.isOpen(opened.result()))) {
            Optional<Target> target = target(flow.getTransport(), response);
            if (target.isEmpty() || (flow.getTransport() == Transport.TLS && tls == null)) {
                metrics.replyReconnect("unaddressable");
                return false;
            }
            opened = connect(flow.getTransport(), target.get());
            reopened.put(flow.getFlowId(), opened);
        }
        opened.onComplete(ar -> {
            if (ar.succeeded() && streams.send(ar.result(), response)) {
                metrics.replyReconnect("sent");
            } else {
                metrics.replyReconnect("failed");
            }
        });
        return true;
    }

    private Future<String> connect(Transport transport, Target t) {
        ConnectOptions options = new ConnectOptions().setHost(t.host()).setPort(t.port());
        NetClient client = tcp;
        if (transport == Transport.TLS) {
            client = tls;
            options.setSsl(true);
            if (t.serverName() != null) {
                options.setSniServerName(t.serverName());
            }
        }
        int localPort = transport == Transport.TLS ? tlsPort : tcpPort;
        return client.connect(options).compose(socket -> {
            Optional<String> flowId = streams.accept(socket, transport, localHost, localPort);
            return flowId.isPresent() ? Future.succeededFuture(flowId.get())
                    : Future.<String>failedFuture("connection cap reached");
        });
    }

    /**
     * The destination of {@code response} by its top Via (RFC 3261 §18.2.2): TCP uses {@code received} when present;
     * TLS uses the sent-by host, so that the certificate is checked against the name the client gave.
     */
    Optional<Target> target(Transport transport, byte[] response) {
        if (!(decoder.decode(response) instanceof DecodeResult.Parsed p) || !(p.message() instanceof SipResponse r)) {
            return Optional.empty();
        }
        Via via = r.topVia();
        boolean secure = transport == Transport.TLS;
        if (!via.transport().equalsIgnoreCase(secure ? "TLS" : "TCP")) {
            return Optional.empty();
        }
        int port = via.port() > 0 ? via.port() : secure ? 5061 : 5060;
        String sentBy = unbracket(via.host());
        if (secure) {
            return Optional.of(new Target(sentBy, port, isAddress(sentBy) ? null : sentBy));
        }
        return Optional.of(new Target(via.received().map(ReplyConnector::unbracket).orElse(sentBy), port, null));
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isAddress(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'));
    }
}
