package io.vouch.identity.internal.passport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps parsed JSON trees from untrusted PASSporTs onto {@link PassportHeader} and {@link PassportClaims}
 * (RFC 8225 §4-§5, RFC 8588 §4, RFC 8946 §3), returning a reason instead of throwing for anything ill-typed.
 */
public final class PassportJson {
    /** Either the mapped value or why the JSON does not describe one. */
    public sealed interface Mapped<T> permits Ok, Bad {
    }

    public record Ok<T>(T value) implements Mapped<T> {
    }

    public record Bad<T>(String reason) implements Mapped<T> {
    }

    private PassportJson() {
    }

    public static Mapped<PassportHeader> header(Object json) {
        if (!(json instanceof Map<?, ?> m)) {
            return new Bad<>("header is not a JSON object");
        }
        if (!(m.get("alg") instanceof String alg)) {
            return new Bad<>("header alg missing");
        }
        Object typ = m.get("typ");
        if (typ != null && !(typ instanceof String)) {
            return new Bad<>("header typ not a string");
        }
        Object ppt = m.get("ppt");
        if (ppt != null && !(ppt instanceof String)) {
            return new Bad<>("header ppt not a string");
        }
        if (!(m.get("x5u") instanceof String x5u)) {
            return new Bad<>("header x5u missing");
        }
        return new Ok<>(new PassportHeader(alg, typ == null ? "" : (String) typ,
                Optional.ofNullable((String) ppt), x5u));
    }

    public static Mapped<PassportClaims> claims(Object json) {
        if (!(json instanceof Map<?, ?> m)) {
            return new Bad<>("claims are not a JSON object");
        }
        Optional<PartyId> orig = single(m.get("orig"));
        if (orig.isEmpty()) {
            return new Bad<>("orig must hold exactly one tn or uri string");
        }
        if (!(m.get("dest") instanceof Map<?, ?> destObj) || destObj.isEmpty()) {
            return new Bad<>("dest missing");
        }
        List<PartyId> dest = new ArrayList<>();
        for (Map.Entry<?, ?> e : destObj.entrySet()) {
            if (!(e.getValue() instanceof List<?> values)) {
                return new Bad<>("dest members must be arrays");
            }
            for (Object v : values) {
                Optional<PartyId> p = party((String) e.getKey(), v);
                if (p.isEmpty()) {
                    return new Bad<>("dest " + e.getKey() + " holds an invalid value");
                }
                dest.add(p.get());
            }
        }
        if (dest.isEmpty()) {
            return new Bad<>("dest is empty");
        }
        if (!(m.get("iat") instanceof Long iat) || iat < 0) {
            return new Bad<>("iat must be a non-negative integer");
        }
        Optional<Attestation> attest = Optional.empty();
        if (m.containsKey("attest")) {
            attest = m.get("attest") instanceof String a ? Attestation.parse(a) : Optional.empty();
            if (attest.isEmpty()) {
                return new Bad<>("attest must be A, B or C");
            }
        }
        Optional<String> origid = Optional.empty();
        if (m.containsKey("origid")) {
            if (!(m.get("origid") instanceof String o)) {
                return new Bad<>("origid must be a string");
            }
            origid = Optional.of(o);
        }
        Optional<PartyId> div = Optional.empty();
        if (m.containsKey("div")) {
            div = divParty(m.get("div"));
            if (div.isEmpty()) {
                return new Bad<>("div must hold a tn or uri");
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!PassportClaims.KNOWN.contains((String) e.getKey())) {
                extra.put((String) e.getKey(), e.getValue());
            }
        }
        return new Ok<>(new PassportClaims(orig.get(), dest, iat, attest, origid, div, extra));
    }

    private static Optional<PartyId> single(Object o) {
        if (!(o instanceof Map<?, ?> m) || m.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        return party((String) e.getKey(), e.getValue());
    }

    /** RFC 8946 §3: {@code div} carries {@code tn} (a string; arrays of one are tolerated) or {@code uri}. */
    private static Optional<PartyId> divParty(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        for (String kind : List.of("tn", "uri")) {
            Object v = m.get(kind);
            if (v instanceof List<?> l && l.size() == 1) {
                v = l.get(0);
            }
            if (v != null) {
                return party(kind, v);
            }
        }
        return Optional.empty();
    }

    private static Optional<PartyId> party(String kind, Object v) {
        if (!(v instanceof String s)) {
            return Optional.empty();
        }
        try {
            return switch (kind) {
                case "tn" -> Optional.of(new PartyId.Tn(s));
                case "uri" -> Optional.of(new PartyId.Uri(s));
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException notCanonical) {
            return Optional.empty();
        }
    }
}
