package io.vouch.sip;

import io.vouch.sip.internal.Chars;
import io.vouch.sip.internal.ParamMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A name-addr or addr-spec with header parameters (RFC 3261 §20.10, §20.20, §20.39): the value of From,
 * To, Route, Record-Route, Path and Contact. {@code displayName} is unquoted and empty when absent.
 */
public record NameAddr(String displayName, Uri uri, Map<String, String> params) {
    public NameAddr {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(uri, "uri");
        params = ParamMap.of(params);
    }

    public static NameAddr of(Uri uri) {
        return new NameAddr("", uri, Map.of());
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The {@code tag} parameter (RFC 3261 §19.3). */
    public Optional<String> tag() {
        return param("tag");
    }

    public NameAddr withTag(String tag) {
        return withParam("tag", tag);
    }

    public NameAddr withParam(String name, String value) {
        return new NameAddr(displayName, uri, ((ParamMap) params).with(name, value));
    }

    public NameAddr withoutParam(String name) {
        return new NameAddr(displayName, uri, ((ParamMap) params).without(name));
    }

    /** Always the name-addr form with angle brackets, so URI parameters never mix with header parameters. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(80);
        if (!displayName.isEmpty()) {
            sb.append(Chars.quote(displayName)).append(' ');
        }
        sb.append('<').append(uri).append('>');
        ((ParamMap) params).appendTo(sb);
        return sb.toString();
    }
}
