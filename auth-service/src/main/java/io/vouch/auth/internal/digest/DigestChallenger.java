package io.vouch.auth.internal.digest;

import io.vouch.auth.internal.nonce.NonceService;
import io.vouch.sip.digest.ChallengeHeaders;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds digest challenges (RFC 3261 §22.4, RFC 7616 §3.3): realm, a fresh stateless nonce, opaque, one header per
 * offered algorithm strongest first (RFC 8760 §2.4), qop as configured, {@code stale=true} when re-challenging a
 * correct response over a stale nonce; the shape never depends on the user, so names cannot be enumerated.
 */
public final class DigestChallenger {
    private final DigestPolicy policy;
    private final NonceService nonces;

    public DigestChallenger(DigestPolicy policy, NonceService nonces) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /** A fresh challenge in {@code realm}. */
    public Challenge challenge(String realm, boolean stale) {
        String nonce = nonces.mint(realm);
        String qop = policy.qops().stream().sorted().map(Qop::token).collect(Collectors.joining(","));
        List<String> algorithms = policy.algorithms().stream().map(DigestAlgorithm::token).toList();
        return new Challenge(realm, nonce, stale,
                ChallengeHeaders.values(realm, nonce, algorithms, qop, stale, policy.userhash()));
    }

    /** The opaque value for a realm (see {@link ChallengeHeaders#opaque}). */
    static String opaque(String realm) {
        return ChallengeHeaders.opaque(realm);
    }
}
