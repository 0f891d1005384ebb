package io.vouch.auth.internal.nonce;

import io.vouch.sip.digest.StatelessNonce;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mints and checks stateless nonces (RFC 7616 §3.3, RFC 3261 §22.4) in the shared {@link StatelessNonce} format under
 * the keys in force, and judges their lifetime, so any replica (or an edge holding the keys) verifies a nonce another
 * issued without shared state; counters are kept per nonce string.
 */
public final class NonceService {
    /** What a nonce check found. */
    public sealed interface Check permits Valid, Expired, Invalid {
    }

    /** Minted by us for this realm with a key in force, within its lifetime. */
    public record Valid(long issuedAtMillis) implements Check {
    }

    /** Authentic but older than the TTL. */
    public record Expired(long issuedAtMillis) implements Check {
    }

    /** Not ours: wrong length or encoding, unknown or retired key, bad MAC, other realm, or dated in the future. */
    public record Invalid(String reason) implements Check {
    }

    static final byte VERSION = StatelessNonce.VERSION;
    static final int NONCE_BYTES = StatelessNonce.NONCE_BYTES;
    /** Nonces dated this far ahead of our clock are still accepted, for replicas whose clocks differ slightly. */
    private static final long FUTURE_SKEW_MILLIS = 5_000;

    private final AtomicReference<NonceKeys> keys;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random;

    public NonceService(NonceKeys keys, Duration ttl, Clock clock, SecureRandom random) {
        this.keys = new AtomicReference<>(Objects.requireNonNull(keys, "keys"));
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("nonce ttl must be positive");
        }
    }

    /** Replaces the keys in force (rotation); nonces minted afterwards use the new current key. */
    public void setKeys(NonceKeys next) {
        keys.set(Objects.requireNonNull(next, "next"));
    }

    public Duration ttl() {
        return ttl;
    }

    /** A fresh nonce for {@code realm}. */
    public String mint(String realm) {
        NonceKey key = keys.get().current();
        return StatelessNonce.mint(key.id(), key.keySpec(), realm, clock.millis(), random);
    }

    /** Checks a nonce a client returned for {@code realm}. */
    public Check check(String nonce, String realm) {
        NonceKeys inForce = keys.get();
        long issuedAt;
        switch (StatelessNonce.open(nonce, realm, id -> inForce.byId(id).map(NonceKey::keySpec).orElse(null))) {
            case StatelessNonce.Forged f -> {
                return new Invalid(f.reason());
            }
            case StatelessNonce.Authentic a -> issuedAt = a.issuedAtMillis();
        }
        long now = clock.millis();
        if (issuedAt > now + FUTURE_SKEW_MILLIS) {
            return new Invalid("future");
        }
        if (now - issuedAt > ttl.toMillis()) {
            return new Expired(issuedAt);
        }
        return new Valid(issuedAt);
    }
}
