package io.vouch.seal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The seal keys in force: new blobs are sealed with {@code current}; blobs sealed with {@code previous} still open,
 * so a rotation (deploy the new key as current and the old one as previous everywhere) loses nothing in flight.
 */
public record SealKeys(SealKey current, Optional<SealKey> previous) {
    public SealKeys {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
        if (previous.isPresent() && previous.get().id() == current.id()) {
            throw new IllegalArgumentException("current and previous seal keys need distinct ids");
        }
    }

    /**
     * The keys of a configuration list {@code [current, previous]}, each {@code id:base64}; an empty list gives
     * empty (the caller decides what that means).
     */
    public static Optional<SealKeys> parse(List<String> specs) {
        if (specs.isEmpty()) {
            return Optional.empty();
        }
        if (specs.size() > 2) {
            throw new IllegalArgumentException("at most two seal keys (current, previous)");
        }
        SealKey current = SealKey.parse(specs.get(0));
        return Optional.of(new SealKeys(current,
                specs.size() == 2 ? Optional.of(SealKey.parse(specs.get(1))) : Optional.empty()));
    }

    /** A random key that only this process holds: sealed blobs can then be opened by nobody else. */
    public static SealKeys ephemeral() {
        byte[] secret = new byte[SealKey.LENGTH];
        new SecureRandom().nextBytes(secret);
        return new SealKeys(new SealKey(1, secret), Optional.empty());
    }

    /** The key with this id, if it is current or previous. */
    public Optional<SealKey> byId(int id) {
        if (current.id() == id) {
            return Optional.of(current);
        }
        return previous.filter(k -> k.id() == id);
    }
}
