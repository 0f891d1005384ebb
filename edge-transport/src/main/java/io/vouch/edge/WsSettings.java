package io.vouch.edge;

import io.vouch.runtime.config.Config;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The SIP over WebSocket listeners (RFC 7118) and their limits; every connection is an RFC 5626 flow.
 *
 * @param wsPort            {@code sip.ws.port}: plain WebSocket listener (-1 disables, 0 picks a free port)
 * @param wssPort           {@code sip.wss.port}: WebSocket over TLS, with the edge's TLS certificate and policy
 * @param allowedOrigins    {@code ws.allowed.origins}: browser origins ({@code scheme://host[:port]}) allowed to
 *                          open a connection; empty (default) allows only handshakes without {@code Origin} (not a
 *                          browser) and browsers whose origin host is the host they connect to; {@code *} allows
 *                          every origin (RFC 6455 §10.2: a foreign origin is refused with 403)
 * @param maxFrameBytes     {@code ws.max.frame.bytes}: a larger frame closes the connection (1009)
 * @param maxMessageBytes   {@code ws.max.message.bytes}: a larger (reassembled) message closes the connection
 * @param pingIntervalMs    {@code ws.ping.interval.ms}: a connection quiet this long gets a WebSocket Ping (0 = off)
 * @param pongTimeoutMs     {@code ws.pong.timeout.ms}: a connection that sends nothing this long after a Ping is
 *                          closed as dead, and the bindings relying on its flow are removed
 * @param maxAorsPerFlow    {@code flow.max.aors}: registered AORs remembered per connection-oriented flow so that
 *                          its bindings can be removed when it dies (an SBC trunk registers many over one flow)
 */
public record WsSettings(int wsPort, int wssPort, List<String> allowedOrigins, int maxFrameBytes,
        int maxMessageBytes, long pingIntervalMs, long pongTimeoutMs, int maxAorsPerFlow) {

    /** The value of {@code ws.allowed.origins} that allows every origin. */
    public static final String ANY_ORIGIN = "*";

    public WsSettings {
        allowedOrigins = List.copyOf(allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
        EdgeConfig.require(wsPort >= -1 && wsPort <= 65535, "edge.sip.ws.port", wsPort);
        EdgeConfig.require(wssPort >= -1 && wssPort <= 65535, "edge.sip.wss.port", wssPort);
        EdgeConfig.require(maxFrameBytes >= 512, "edge.ws.max.frame.bytes", maxFrameBytes);
        EdgeConfig.require(maxMessageBytes >= maxFrameBytes, "edge.ws.max.message.bytes", maxMessageBytes);
        EdgeConfig.require(pingIntervalMs >= 0, "edge.ws.ping.interval.ms", pingIntervalMs);
        EdgeConfig.require(pongTimeoutMs > 0, "edge.ws.pong.timeout.ms", pongTimeoutMs);
        EdgeConfig.require(maxAorsPerFlow >= 0, "edge.flow.max.aors", maxAorsPerFlow);
        for (String o : allowedOrigins) {
            EdgeConfig.require(validOrigin(o), "edge.ws.allowed.origins", o + " (scheme://host[:port] or *)");
        }
    }

    static WsSettings from(Config c) {
        return new WsSettings(
                c.getInt("edge.sip.ws.port"),
                c.getInt("edge.sip.wss.port"),
                c.getList("edge.ws.allowed.origins"),
                c.getInt("edge.ws.max.frame.bytes"),
                c.optionalInt("edge.ws.max.message.bytes").orElse(c.getInt("edge.max.stream.message.bytes")),
                c.getLong("edge.ws.ping.interval.ms"),
                c.getLong("edge.ws.pong.timeout.ms"),
                c.getInt("edge.flow.max.aors"));
    }

    /** Whether {@code origin} is a valid {@code edge.ws.allowed.origins} entry. */
    static boolean validOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.equals(ANY_ORIGIN) || o.matches("[a-z][a-z0-9+.-]*://[^/\\s]+");
    }

    /**
     * Whether a handshake with {@code origin} (the {@code Origin} header, or null) to {@code host} (the host the
     * client connected to, without port) may proceed: the defence against cross-site WebSocket hijacking.
     */
    public boolean originAllowed(String origin, String host) {
        if (origin == null || origin.isEmpty()) {
            return true; // not a browser: Origin is what browsers send, and only a browser can be made to misuse it
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains(ANY_ORIGIN) || allowedOrigins.contains(o)) {
            return true;
        }
        if (!allowedOrigins.isEmpty() || o.equals("null")) {
            return false;
        }
        try {
            String originHost = URI.create(o).getHost();
            return originHost != null && host != null && originHost.equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
