package io.vouch.sip;

import io.vouch.sip.internal.ParamMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One Via header value (RFC 3261 §20.42) with the RFC 3581 {@code rport} extension. {@code port} is -1 when
 * absent; {@code transport} is upper case; parameters without value map to the empty string.
 */
public record Via(String protocol, String transport, String host, int port, Map<String, String> params) {
    /** The RFC 3261 §8.1.1.7 magic cookie that starts every compliant branch. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    public Via {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        transport = transport.toUpperCase(Locale.ROOT);
        params = ParamMap.of(params);
    }

    /** A {@code SIP/2.0} Via with a branch parameter. */
    public static Via of(String transport, String host, int port, String branch) {
        return new Via("SIP/2.0", transport, host, port, Map.of("branch", branch));
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    public Optional<String> branch() {
        return param("branch");
    }

    /** Whether the branch starts with the RFC 3261 magic cookie. */
    public boolean rfc3261Branch() {
        return branch().map(b -> b.startsWith(MAGIC_COOKIE)).orElse(false);
    }

    public Optional<String> received() {
        return param("received");
    }

    /** Whether an {@code rport} parameter is present, with or without value (RFC 3581 §3). */
    public boolean hasRport() {
        return params.containsKey("rport");
    }

    /** The {@code rport} value when present and numeric. */
    public OptionalInt rport() {
        String v = params.get("rport");
        if (v == null || v.isEmpty() || v.length() > 5) {
            return OptionalInt.empty();
        }
        int p = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            p = p * 10 + (c - '0');
        }
        return p <= 65535 ? OptionalInt.of(p) : OptionalInt.empty();
    }

    public Via withParam(String name, String value) {
        return new Via(protocol, transport, host, port, ((ParamMap) params).with(name, value));
    }

    /** Sets {@code received} (RFC 3261 §18.2.1). */
    public Via withReceived(String address) {
        return withParam("received", address);
    }

    /** Fills in the {@code rport} value (RFC 3581 §4). */
    public Via withRport(int sourcePort) {
        return withParam("rport", Integer.toString(sourcePort));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(protocol).append('/').append(transport).append(' ');
        if (host.indexOf(':') >= 0 && host.charAt(0) != '[') {
            sb.append('[').append(host).append(']');
        } else {
            sb.append(host);
        }
        if (port >= 0) {
            sb.append(':').append(port);
        }
        ((ParamMap) params).appendTo(sb);
        return sb.toString();
    }
}
