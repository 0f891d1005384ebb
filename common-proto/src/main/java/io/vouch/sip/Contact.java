package io.vouch.sip;

import io.vouch.sip.internal.Cursor;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One Contact header value (RFC 3261 §20.10): either the wildcard {@code *} (then {@code nameAddr} is
 * null) or an address with its parameters, including the RFC 5626 {@code +sip.instance} and
 * {@code reg-id}. Accessors of malformed parameter values return empty rather than failing.
 */
public record Contact(boolean wildcard, NameAddr nameAddr) {
    /** The {@code *} contact of a REGISTER that removes all bindings (RFC 3261 §10.2.2). */
    public static final Contact WILDCARD = new Contact(true, null);

    public Contact {
        if (wildcard != (nameAddr == null)) {
            throw new IllegalArgumentException("a contact is either the wildcard or an address");
        }
    }

    public static Contact of(NameAddr nameAddr) {
        return new Contact(false, nameAddr);
    }

    /** The contact URI; throws IllegalStateException for the wildcard. */
    public Uri uri() {
        if (wildcard) {
            throw new IllegalStateException("wildcard contact has no URI");
        }
        return nameAddr.uri();
    }

    public Optional<String> param(String name) {
        return wildcard ? Optional.empty() : nameAddr.param(name);
    }

    /** The {@code expires} parameter in seconds; values above 2^32-1 are clamped (RFC 3261 §20.19). */
    public OptionalLong expires() {
        String v = param("expires").orElse("");
        if (v.isEmpty() || v.length() > 20) {
            return OptionalLong.empty();
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            n = Math.min(n * 10 + (c - '0'), 0xFFFF_FFFFL);
        }
        return OptionalLong.of(n);
    }

    /** The {@code q} preference between 0 and 1 (RFC 3261 §20.10 qvalue). */
    public OptionalDouble q() {
        String v = param("q").orElse("");
        if (v.isEmpty() || v.length() > 5 || !(v.charAt(0) == '0' || v.charAt(0) == '1')) {
            return OptionalDouble.empty();
        }
        int thousandths = (v.charAt(0) - '0') * 1000;
        if (v.length() > 1 && v.charAt(1) != '.') {
            return OptionalDouble.empty();
        }
        int scale = 100;
        for (int i = 2; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalDouble.empty();
            }
            thousandths += (c - '0') * scale;
            scale /= 10;
        }
        // integer thousandths keep 0.7 equal to the literal 0.7
        return thousandths <= 1000 ? OptionalDouble.of(thousandths / 1000.0) : OptionalDouble.empty();
    }

    /** The {@code +sip.instance} value with its surrounding double quotes removed, e.g. {@code <urn:uuid:...>}. */
    public Optional<String> sipInstance() {
        return param("+sip.instance").filter(v -> !v.isEmpty()).map(Cursor::unquote);
    }

    /** The RFC 5626 {@code reg-id} flow number. */
    public OptionalInt regId() {
        String v = param("reg-id").orElse("");
        if (v.isEmpty() || v.length() > 9) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(v));
    }

    @Override
    public String toString() {
        return wildcard ? "*" : nameAddr.toString();
    }
}
