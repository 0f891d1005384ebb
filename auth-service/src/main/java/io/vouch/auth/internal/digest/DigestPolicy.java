package io.vouch.auth.internal.digest;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What digest variants are offered and accepted (RFC 7616 §3.3, RFC 8760 §2): algorithms offered in the given order,
 * which is the preference order of RFC 8760 §2.4 (one challenge each, the client uses the topmost it supports),
 * their {@code -sess} variants accepted when enabled, the qop values offered, and two opt-in compatibilities that
 * are off by default — RFC 2069 responses without qop, and RFC 7616 §3.4.4 userhash.
 */
public record DigestPolicy(List<DigestAlgorithm> algorithms, boolean acceptSessionVariants, Set<Qop> qops,
                           boolean allowRfc2069, boolean userhash) {
    public DigestPolicy {
        Objects.requireNonNull(algorithms, "algorithms");
        Objects.requireNonNull(qops, "qops");
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is required");
        }
        if (qops.isEmpty() && !allowRfc2069) {
            throw new IllegalArgumentException("no qop offered and RFC 2069 responses not allowed");
        }
        algorithms = algorithms.stream().distinct().toList();
        qops = qops.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(qops));
    }

    /** SHA-512-256, SHA-256 and MD5 in that order (with their -sess variants), qop auth and auth-int. */
    public static DigestPolicy defaults() {
        return new DigestPolicy(List.of(DigestAlgorithm.SHA_512_256, DigestAlgorithm.SHA_256, DigestAlgorithm.MD5),
                true, EnumSet.allOf(Qop.class), false, false);
    }

    /** Whether a response computed with {@code algorithm} is accepted. */
    public boolean accepts(DigestAlgorithm algorithm) {
        return algorithms.contains(algorithm)
                || (acceptSessionVariants && algorithm.session() && algorithms.contains(algorithm.base()));
    }
}
