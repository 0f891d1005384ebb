package io.vouch.loadtest;

import java.util.Locale;
import java.util.Optional;

/** The SIP transport the simulated user agents use (RFC 3261 §18); only UDP retransmits (§17.1.1.2, §17.1.2.2). */
public enum TransportProtocol {
    UDP("UDP", false),
    TCP("TCP", true),
    TLS("TLS", true),
    /** SIP over WebSocket (RFC 7118), one connection per flow with the {@code sip} subprotocol. */
    WS("WS", true),
    /** SIP over secure WebSocket (RFC 7118). */
    WSS("WSS", true);

    private final String viaName;
    private final boolean reliable;

    TransportProtocol(String viaName, boolean reliable) {
        this.viaName = viaName;
        this.reliable = reliable;
    }

    /** The transport token in Via ({@code SIP/2.0/UDP}). */
    public String viaName() {
        return viaName;
    }

    public boolean reliable() {
        return reliable;
    }

    /** Whether this is one of the WebSocket transports. */
    public boolean webSocket() {
        return this == WS || this == WSS;
    }

    public static Optional<TransportProtocol> parse(String s) {
        try {
            return Optional.of(valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
