package io.vouch.sip;

import io.vouch.sip.internal.Escaping;
import io.vouch.sip.internal.ParamMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A SIP or SIPS URI (RFC 3261 §19.1). {@code user} and {@code password} hold the unescaped text and are
 * empty when absent; {@code port} is -1 when absent; parameter names are case-insensitive and kept in
 * order (a parameter without value maps to the empty string); {@code headers} keep order and case.
 */
public record SipUri(boolean secure, String user, String password, String host, int port,
                     Map<String, String> params, Map<String, String> headers) implements Uri {

    public SipUri {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        params = ParamMap.of(params);
        headers = headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A URI {@code sip:user@host} (or {@code sip:host} when user is empty) without port or parameters. */
    public static SipUri of(String user, String host) {
        return new SipUri(false, user, "", host, -1, Map.of(), Map.of());
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    /** The address-of-record key {@code user@host} (host lower-cased), or the host alone when there is no user. */
    public String aor() {
        String h = host.toLowerCase(Locale.ROOT);
        return user.isEmpty() ? h : user + "@" + h;
    }

    /** The value of parameter {@code name} (empty string for a parameter without value). */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The {@code transport} parameter in lower case, if present. */
    public Optional<String> transport() {
        return param("transport").map(t -> t.toLowerCase(Locale.ROOT));
    }

    /** Whether the {@code lr} parameter is present (RFC 3261 §19.1.1 loose routing). */
    public boolean lr() {
        return params.containsKey("lr");
    }

    public SipUri withParam(String name, String value) {
        return new SipUri(secure, user, password, host, port, ((ParamMap) params).with(name, value), headers);
    }

    public SipUri withoutParam(String name) {
        return new SipUri(secure, user, password, host, port, ((ParamMap) params).without(name), headers);
    }

    public SipUri withHost(String newHost, int newPort) {
        return new SipUri(secure, user, password, newHost, newPort, params, headers);
    }

    /** Re-encodes the URI, escaping user and password per RFC 3261 §25.1. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(secure ? "sips:" : "sip:");
        if (!user.isEmpty()) {
            Escaping.escapeUser(user, sb);
            if (!password.isEmpty()) {
                sb.append(':');
                Escaping.escapePassword(password, sb);
            }
            sb.append('@');
        }
        if (host.indexOf(':') >= 0 && host.charAt(0) != '[') {
            sb.append('[').append(host).append(']');
        } else {
            sb.append(host);
        }
        if (port >= 0) {
            sb.append(':').append(port);
        }
        ((ParamMap) params).appendTo(sb);
        char sep = '?';
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(sep).append(h.getKey()).append('=').append(h.getValue());
            sep = '&';
        }
        return sb.toString();
    }
}
