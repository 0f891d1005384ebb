package io.vouch.auth;

import io.vouch.auth.internal.NonceService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
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
        String opaque = opaque(realm);
        String qop = policy.qops().stream().sorted().map(Qop::token).collect(Collectors.joining(","));
        List<String> values = new ArrayList<>(policy.algorithms().size());
        for (DigestAlgorithm alg : policy.algorithms()) {
            StringBuilder sb = new StringBuilder("Digest realm=\"").append(quote(realm))
                    .append("\", nonce=\"").append(nonce)
                    .append("\", opaque=\"").append(opaque)
                    .append("\", algorithm=").append(alg.token());
            if (!qop.isEmpty()) {
                sb.append(", qop=\"").append(qop).append('"');
            }
            if (stale) {
                sb.append(", stale=true");
            }
            if (policy.userhash()) {
                sb.append(", userhash=true");
            }
            values.add(sb.toString());
        }
        return new Challenge(realm, nonce, stale, values);
    }

    /**
     * The opaque value for a realm: the same on every replica, so it carries no state; clients echo it
     * (RFC 7616 §3.3) and it is not checked.
     */
    static String opaque(String realm) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("vouch-opaque:" + realm)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
