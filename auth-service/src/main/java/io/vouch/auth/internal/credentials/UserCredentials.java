package io.vouch.auth.internal.credentials;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One user's digest secrets in one realm: HA1 = H(username:realm:password) per base algorithm (RFC 7616 §3.4.2),
 * never the password; {@code -sess} variants are derived from the base HA1 at verification time.
 */
public record UserCredentials(String realm, String user, Map<DigestAlgorithm, String> ha1, Instant updated) {
    public UserCredentials {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(updated, "updated");
        if (ha1.isEmpty()) {
            throw new IllegalArgumentException("at least one HA1 is required");
        }
        EnumMap<DigestAlgorithm, String> copy = new EnumMap<>(DigestAlgorithm.class);
        ha1.forEach((alg, hex) -> {
            if (alg.session()) {
                throw new IllegalArgumentException("store HA1 for base algorithms only: " + alg.token());
            }
            if (hex.length() != alg.hexLength() || !hex.chars().allMatch(c -> (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("HA1 for " + alg.token() + " is not lower-case hex of length "
                        + alg.hexLength());
            }
            copy.put(alg, hex);
        });
        ha1 = java.util.Collections.unmodifiableMap(copy);
    }

    /** The stored HA1 for an algorithm (its base), if provisioned. */
    public Optional<String> ha1For(DigestAlgorithm algorithm) {
        return Optional.ofNullable(ha1.get(algorithm.base()));
    }

    @Override
    public String toString() {
        return "UserCredentials[" + user + "@" + realm + ", algorithms=" + ha1.keySet() + "]";
    }
}
