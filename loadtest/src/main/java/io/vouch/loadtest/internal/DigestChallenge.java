package io.vouch.loadtest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one {@code Digest} challenge (RFC 7616 §3.3 as used by RFC 3261 §22.4); the algorithm
 * defaults to MD5 when absent, qop values are lower-cased.
 */
public record DigestChallenge(String realm, String nonce, String algorithm, Optional<String> opaque, List<String> qops) {

    public DigestChallenge {
        qops = List.copyOf(qops);
    }

    /**
     * Reads a challenge from its auth-params (names case-insensitive, values already unquoted); empty when the
     * realm or nonce is missing.
     */
    public static Optional<DigestChallenge> from(Map<String, String> params) {
        String realm = get(params, "realm");
        String nonce = get(params, "nonce");
        if (realm == null || nonce == null) {
            return Optional.empty();
        }
        String algorithm = get(params, "algorithm");
        List<String> qops = new ArrayList<>();
        String qop = get(params, "qop");
        if (qop != null) {
            for (String q : qop.split(",")) {
                if (!q.isBlank()) {
                    qops.add(q.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.of(new DigestChallenge(realm, nonce, algorithm == null ? "MD5" : algorithm,
                Optional.ofNullable(get(params, "opaque")), qops));
    }

    /** Whether this challenge uses {@code wanted} (case-insensitive; a {@code -sess} variant also matches). */
    public boolean offers(String wanted) {
        String a = algorithm.toUpperCase(Locale.ROOT);
        String w = wanted.toUpperCase(Locale.ROOT);
        return a.equals(w) || a.equals(w + "-SESS");
    }

    private static String get(Map<String, String> params, String name) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
