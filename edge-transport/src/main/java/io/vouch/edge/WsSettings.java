package io.vouch.edge;

import io.vertx.core.json.JsonObject;
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
        EdgeConfig.require(wsPort >= -1 && wsPort <= 65535, "sip.ws.port", wsPort);
        EdgeConfig.require(wssPort >= -1 && wssPort <= 65535, "sip.wss.port", wssPort);
        EdgeConfig.require(maxFrameBytes >= 512, "ws.max.frame.bytes", maxFrameBytes);
        EdgeConfig.require(maxMessageBytes >= maxFrameBytes, "ws.max.message.bytes", maxMessageBytes);
        EdgeConfig.require(pingIntervalMs >= 0, "ws.ping.interval.ms", pingIntervalMs);
        EdgeConfig.require(pongTimeoutMs > 0, "ws.pong.timeout.ms", pongTimeoutMs);
        EdgeConfig.require(maxAorsPerFlow >= 0, "flow.max.aors", maxAorsPerFlow);
        for (String o : allowedOrigins) {
            EdgeConfig.require(o.equals(ANY_ORIGIN) || o.matches("[a-z][a-z0-9+.-]*://[^/\\s]+"), "ws.allowed.origins",
                    o + " (scheme://host[:port] or *)");
        }
    }

    static WsSettings from(JsonObject c) {
        int maxStream = EdgeConfig.intKey(c, "max.stream.message.bytes", 65_535);
        return new WsSettings(
                EdgeConfig.intKey(c, "sip.ws.port", -1),
                EdgeConfig.intKey(c, "sip.wss.port", -1),
                EdgeConfig.strings(c, "ws.allowed.origins", List.of()),
                EdgeConfig.intKey(c, "ws.max.frame.bytes", 65_535),
                EdgeConfig.intKey(c, "ws.max.message.bytes", maxStream),
                EdgeConfig.longKey(c, "ws.ping.interval.ms", 30_000),
                EdgeConfig.longKey(c, "ws.pong.timeout.ms", 10_000),
                EdgeConfig.intKey(c, "flow.max.aors", 1_024));
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
