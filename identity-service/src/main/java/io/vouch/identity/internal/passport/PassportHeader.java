package io.vouch.identity.internal.passport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The protected header of a PASSporT (RFC 8225 §4): {@code alg}, {@code typ}, optional {@code ppt} extension
 * (RFC 8588 {@code shaken}, RFC 8946 {@code div}) and the {@code x5u} certificate URL.
 */
public record PassportHeader(String alg, String typ, Optional<String> ppt, String x5u) {
    public static final String ES256 = "ES256";
    public static final String TYP = "passport";
    public static final String PPT_SHAKEN = "shaken";
    public static final String PPT_DIV = "div";

    public PassportHeader {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(typ, "typ");
        Objects.requireNonNull(ppt, "ppt");
        Objects.requireNonNull(x5u, "x5u");
    }

    /** An ES256 {@code passport} header with the given extension and certificate URL. */
    public static PassportHeader es256(String ppt, String x5u) {
        return new PassportHeader(ES256, TYP, Optional.ofNullable(ppt), x5u);
    }

    /** The header as a JSON object tree (serialize with the canonical writer). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alg", alg);
        m.put("typ", typ);
        ppt.ifPresent(p -> m.put("ppt", p));
        m.put("x5u", x5u);
        return m;
    }
}
