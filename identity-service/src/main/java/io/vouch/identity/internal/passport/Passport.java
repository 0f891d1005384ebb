package io.vouch.identity.internal.passport;

import java.util.Objects;

/** A PASSporT: protected header and claims (RFC 8225 §4-§5), independent of how it is serialized or signed. */
public record Passport(PassportHeader header, PassportClaims claims) {
    public Passport {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(claims, "claims");
    }

    /** The header in canonical JSON (RFC 8225 §9). */
    public String headerJson() {
        return Json.write(header.toJson());
    }

    /** The claims in canonical JSON (RFC 8225 §9). */
    public String claimsJson() {
        return Json.write(claims.toJson());
    }
}
