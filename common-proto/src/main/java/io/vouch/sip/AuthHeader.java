package io.vouch.sip;

import io.vouch.sip.internal.Chars;
import io.vouch.sip.internal.HeaderParsers;
import io.vouch.sip.internal.ParamMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A challenge or credentials header value (RFC 3261 §20.7, §20.27, §20.28, §20.44; RFC 7616 digest):
 * the scheme and its parameters, with quoted values unquoted and names case-insensitive.
 */
public record AuthHeader(String scheme, Map<String, String> params) {
    private static final Set<String> ALWAYS_QUOTED =
        Set.of("username", "realm", "nonce", "uri", "response", "cnonce", "opaque", "domain");
    private static final Set<String> NEVER_QUOTED = Set.of("algorithm", "nc", "stale", "userhash", "charset");

    public AuthHeader {
        Objects.requireNonNull(scheme, "scheme");
        if (!Chars.isToken(scheme)) {
            throw new IllegalArgumentException("scheme is not a token: " + scheme);
        }
        params = ParamMap.of(params);
    }

    /** Longest value {@link #parse} looks at; the codec's header line limit normally bounds it first. */
    public static final int MAX_PARSE_LENGTH = 8192;

    /**
     * Parses an untrusted challenge or credentials value, the same parser the codec uses for the typed headers; empty
     * when malformed: bad quoting, a missing {@code =}, or a parameter named twice (RFC 7235 §2.1).
     */
    public static Optional<AuthHeader> parse(String value) {
        if (value == null || value.length() > MAX_PARSE_LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(HeaderParsers.auth(value));
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** Whether the scheme is Digest (case-insensitive). */
    public boolean digest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    public AuthHeader withParam(String name, String value) {
        return new AuthHeader(scheme, ((ParamMap) params).with(name, value));
    }

    /** Formats as credentials when a {@code response} parameter is present, otherwise as a challenge. */
    @Override
    public String toString() {
        return format(!params.containsKey("response"));
    }

    /**
     * Formats with RFC 7616 quoting: {@code qop} is quoted in a challenge and a bare token in credentials;
     * other unknown values are quoted unless they are tokens.
     */
    public String format(boolean challenge) {
        StringBuilder sb = new StringBuilder(128).append(scheme);
        String sep = " ";
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            sb.append(sep).append(name).append('=');
            boolean quote;
            if (ALWAYS_QUOTED.contains(name)) {
                quote = true;
            } else if (name.equals("qop")) {
                quote = challenge || !Chars.isToken(value);
            } else if (NEVER_QUOTED.contains(name)) {
                quote = !Chars.isToken(value);
            } else {
                quote = !Chars.isToken(value);
            }
            sb.append(quote ? Chars.quote(value) : value);
            sep = ", ";
        }
        return sb.toString();
    }
}
