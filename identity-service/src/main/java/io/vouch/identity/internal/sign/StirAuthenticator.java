package io.vouch.identity.internal.sign;

import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.IdentityHeader;
import io.vouch.identity.internal.passport.PartyId;
import io.vouch.identity.internal.passport.Passport;
import io.vouch.identity.internal.passport.PassportClaims;
import io.vouch.identity.internal.passport.PassportHeader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The STIR authentication service (RFC 8224 §6.1, SHAKEN RFC 8588): decides attestation, picks the key, builds and
 * signs a {@code shaken} PASSporT and, for a diverted call, a {@code div} PASSporT (RFC 8946). Runs on worker
 * threads; all inputs are already canonical.
 */
public final class StirAuthenticator {
    private final SigningKeyStore keys;
    private final AttestationPolicy policy;
    private final PassportSigner signer;
    private final Clock clock;

    /** What to sign: who sent it, the canonical numbers, an optional diversion, and extra claims such as rcd. */
    public record Request(SigningOrigin origin, String origTn, List<String> destTns, Optional<String> divertedFromTn,
                          boolean alreadySigned, Map<String, Object> extraClaims) {
        public Request {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(origTn, "origTn");
            destTns = List.copyOf(destTns);
            Objects.requireNonNull(divertedFromTn, "divertedFromTn");
            extraClaims = Map.copyOf(extraClaims);
        }

        public static Request of(SigningOrigin origin, String origTn, String destTn) {
            return new Request(origin, origTn, List.of(destTn), Optional.empty(), false, Map.of());
        }
    }

    /** Outcome of signing. */
    public sealed interface Result permits Signed, Refused {
    }

    /** Identity headers to add, in order, and the attestation given. */
    public record Signed(List<IdentityHeader> headers, Attestation attest, String keyId) implements Result {
        public Signed {
            headers = List.copyOf(headers);
        }
    }

    /** Nothing could be signed, with a short low-cardinality reason ({@code no_key}, {@code no_dest}). */
    public record Refused(String reason) implements Result {
    }

    public StirAuthenticator(SigningKeyStore keys, AttestationPolicy policy, PassportSigner signer, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Result sign(Request req) {
        if (req.destTns().isEmpty()) {
            return new Refused("no_dest");
        }
        Optional<SigningKey> key = keys.select(req.origTn(), req.origin().customer());
        if (key.isEmpty()) {
            return new Refused("no_key");
        }
        long iat = clock.instant().getEpochSecond();
        Attestation attest = policy.decide(req.origin(), req.origTn());
        List<PartyId> dest = req.destTns().stream().map(t -> (PartyId) new PartyId.Tn(t)).toList();
        List<IdentityHeader> headers = new ArrayList<>(2);
        if (!req.alreadySigned()) {
            PassportClaims claims = new PassportClaims(new PartyId.Tn(req.origTn()), dest, iat,
                    Optional.of(attest), Optional.of(origid(req.origin())), Optional.empty(), req.extraClaims());
            Passport p = new Passport(PassportHeader.es256(PassportHeader.PPT_SHAKEN, key.get().x5u()), claims);
            headers.add(PassportSigner.header(signer.sign(p, key.get()), PassportSigner.Form.FULL));
        }
        if (req.divertedFromTn().isPresent()) {
            PassportClaims div = new PassportClaims(new PartyId.Tn(req.origTn()), dest, iat, Optional.empty(),
                    Optional.empty(), Optional.of(new PartyId.Tn(req.divertedFromTn().get())), Map.of());
            Passport p = new Passport(PassportHeader.es256(PassportHeader.PPT_DIV, key.get().x5u()), div);
            headers.add(PassportSigner.header(signer.sign(p, key.get()), PassportSigner.Form.FULL));
        }
        if (headers.isEmpty()) {
            return new Refused("nothing_to_sign");
        }
        return new Signed(headers, attest, key.get().id());
    }

    /**
     * RFC 8588 §4 {@code origid}: an opaque UUID naming the origination point, stable per customer or peer
     * (name-based, so every replica derives the same one) rather than per call.
     */
    static String origid(SigningOrigin origin) {
        String name = origin.kind() + ":" + origin.customer().orElse("gateway");
        return UUID.nameUUIDFromBytes(("vouch-origid:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
