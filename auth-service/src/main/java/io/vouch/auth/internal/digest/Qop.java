package io.vouch.auth.internal.digest;

import java.util.Optional;

/** Quality of protection (RFC 7616 §3.3, RFC 3261 §22.4): {@code auth}, or {@code auth-int} also covering the body. */
public enum Qop {
    AUTH("auth"),
    AUTH_INT("auth-int");

    private final String token;

    Qop(String token) {
        this.token = token;
    }

    /** The token as written in {@code qop}. */
    public String token() {
        return token;
    }

    /** Looks a token up case-insensitively; empty for anything unknown. */
    public static Optional<Qop> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String t = token.trim();
        for (Qop q : values()) {
            if (q.token.equalsIgnoreCase(t)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }
}
