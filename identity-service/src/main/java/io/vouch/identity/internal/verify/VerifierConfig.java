package io.vouch.identity.internal.verify;

import io.vouch.identity.internal.crypto.CryptoProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Policy of the verification service (RFC 8224 §6.2).
 *
 * @param freshness          {@code verify.freshness.s}: largest accepted age of {@code iat} (and Date), default 60 s
 * @param requireIdentity    {@code verify.require.identity}: answer 428 when an INVITE has no Identity header
 * @param acceptedSpcs       {@code verify.accepted.spcs}: service provider codes accepted from a TNAuthList; empty
 *                           accepts any SPC (SHAKEN, where the STI-CA vouches for the SPC)
 * @param maxIdentityHeaders {@code verify.max.identity.headers}: more are ignored
 * @param replayEntries      {@code verify.replay.entries}: bound of the replay cache
 * @param provider           {@code crypto.verify.provider}
 */
public record VerifierConfig(Duration freshness, boolean requireIdentity, Set<String> acceptedSpcs,
                             int maxIdentityHeaders, int replayEntries, CryptoProvider provider) {
    public VerifierConfig {
        Objects.requireNonNull(freshness, "freshness");
        if (freshness.isNegative() || freshness.isZero()) {
            throw new IllegalArgumentException("verify.freshness.s must be positive");
        }
        acceptedSpcs = Set.copyOf(acceptedSpcs);
        if (maxIdentityHeaders < 1) {
            throw new IllegalArgumentException("verify.max.identity.headers must be positive");
        }
        Objects.requireNonNull(provider, "provider");
    }

    public static VerifierConfig defaults() {
        return new VerifierConfig(Duration.ofSeconds(60), false, Set.of(), 5, 100_000, CryptoProvider.BC);
    }
}
