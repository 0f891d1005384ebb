package io.vouch.identity.internal.passport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a PASSporT (RFC 8225 §5): {@code orig}, {@code dest}, {@code iat}; the SHAKEN {@code attest}
 * and {@code origid} (RFC 8588 §4); the diversion {@code div} (RFC 8946 §3); anything else (for example
 * {@code rcd}/{@code crn} from RFC 9795 or {@code mky} from RFC 8862) in {@code extra}, serialized as given.
 */
public record PassportClaims(
        PartyId orig,
        List<PartyId> dest,
        long iat,
        Optional<Attestation> attest,
        Optional<String> origid,
        Optional<PartyId> div,
        Map<String, Object> extra) {

    /** Claim names this record models itself; {@code extra} may not use them. */
    public static final Set<String> KNOWN = Set.of("orig", "dest", "iat", "attest", "origid", "div");

    public PassportClaims {
        Objects.requireNonNull(orig, "orig");
        dest = List.copyOf(dest);
        if (dest.isEmpty()) {
            throw new IllegalArgumentException("dest must name at least one identity");
        }
        if (iat < 0) {
            throw new IllegalArgumentException("iat must not be negative");
        }
        Objects.requireNonNull(attest, "attest");
        Objects.requireNonNull(origid, "origid");
        Objects.requireNonNull(div, "div");
        extra = Map.copyOf(extra);
        for (String k : extra.keySet()) {
            if (KNOWN.contains(k)) {
                throw new IllegalArgumentException("claim " + k + " must not be passed as extra");
            }
        }
    }

    /** SHAKEN claims for one calling and one called number. */
    public static PassportClaims shaken(String origTn, String destTn, long iat, Attestation attest, String origid) {
        return new PassportClaims(new PartyId.Tn(origTn), List.of(new PartyId.Tn(destTn)), iat,
                Optional.of(attest), Optional.of(origid), Optional.empty(), Map.of());
    }

    /** The destination telephone numbers, in order. */
    public List<String> destTns() {
        List<String> out = new ArrayList<>();
        for (PartyId p : dest) {
            if (p instanceof PartyId.Tn tn) {
                out.add(tn.value());
            }
        }
        return out;
    }

    /** These claims with extra members added (or replaced). */
    public PassportClaims withExtra(Map<String, Object> more) {
        Map<String, Object> m = new LinkedHashMap<>(extra);
        m.putAll(more);
        return new PassportClaims(orig, dest, iat, attest, origid, div, m);
    }

    /** The claims as a JSON object tree (serialize with the canonical writer). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>(extra);
        m.put("orig", Map.of(orig.kind(), orig.value()));
        Map<String, Object> d = new LinkedHashMap<>();
        for (PartyId p : dest) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) d.computeIfAbsent(p.kind(), k -> new ArrayList<>());
            list.add(p.value());
        }
        m.put("dest", d);
        m.put("iat", iat);
        attest.ifPresent(a -> m.put("attest", a.name()));
        origid.ifPresent(o -> m.put("origid", o));
        div.ifPresent(p -> m.put("div", Map.of(p.kind(), p.value())));
        return m;
    }
}
