package io.vouch.auth.internal.nonce;

import java.util.Objects;
import java.util.Optional;

/**
 * The nonce keys in force: new nonces are minted with {@code current}; nonces minted with {@code previous} are still
 * accepted so a rotation does not invalidate outstanding challenges; any other key id is rejected.
 */
public record NonceKeys(NonceKey current, Optional<NonceKey> previous) {
    public NonceKeys {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
        if (previous.isPresent() && previous.get().id() == current.id()) {
            throw new IllegalArgumentException("current and previous nonce keys need distinct ids");
        }
    }

    /** Only a current key. */
    public static NonceKeys of(NonceKey current) {
        return new NonceKeys(current, Optional.empty());
    }

    /** The keys after rotating to {@code next}: the current key becomes the previous one. */
    public NonceKeys rotate(NonceKey next) {
        return new NonceKeys(next, Optional.of(current));
    }

    /** The key with this id, if it is current or previous. */
    public Optional<NonceKey> byId(int id) {
        if (current.id() == id) {
            return Optional.of(current);
        }
        return previous.filter(k -> k.id() == id);
    }
}
