package io.vouch.sip;

import io.vouch.sip.internal.ParamMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tel URI (RFC 3966): a global number starting with {@code +}, or a local number that carries a
 * {@code phone-context} parameter. {@code number} is kept as written, visual separators included.
 */
public record TelUri(String number, Map<String, String> params) implements Uri {
    public TelUri {
        Objects.requireNonNull(number, "number");
        if (number.isEmpty()) {
            throw new IllegalArgumentException("empty number");
        }
        params = ParamMap.of(params);
    }

    @Override
    public String scheme() {
        return "tel";
    }

    /** Whether this is a global number ({@code +} followed by digits). */
    public boolean global() {
        return number.charAt(0) == '+';
    }

    /** The number without visual separators ({@code -.()}), keeping a leading {@code +}. */
    public String digits() {
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c != '-' && c != '.' && c != '(' && c != ')') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32).append("tel:").append(number);
        ((ParamMap) params).appendTo(sb);
        return sb.toString();
    }
}
