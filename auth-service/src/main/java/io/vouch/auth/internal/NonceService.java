package io.vouch.auth.internal;

import io.vouch.auth.NonceKey;
import io.vouch.auth.NonceKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;

/**
 * Mints and checks stateless nonces (RFC 7616 §3.3, RFC 3261 §22.4): base64url of
 * {@code version(1) keyId(1) issuedAtMillis(8) random(13) mac(16)} where mac is HMAC-SHA256 truncated to 128 bits
 * over the preceding 23 bytes and the realm, so any replica holding the key verifies it without shared state. The
 * 39 bytes encode to exactly 52 characters with no spare bits, so each nonce has a single spelling (counters are kept
 * per nonce string).
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

    static final byte VERSION = 1;
    private static final int RANDOM_BYTES = 13;
    private static final int MAC_BYTES = 16;
    private static final int SIGNED_BYTES = 2 + 8 + RANDOM_BYTES;
    static final int NONCE_BYTES = SIGNED_BYTES + MAC_BYTES;
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
        ByteBuffer buf = ByteBuffer.allocate(NONCE_BYTES);
        buf.put(VERSION).put((byte) key.id()).putLong(clock.millis());
        byte[] rnd = new byte[RANDOM_BYTES];
        random.nextBytes(rnd);
        buf.put(rnd);
        buf.put(mac(key, buf.array(), realm));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Checks a nonce a client returned for {@code realm}. */
    public Check check(String nonce, String realm) {
        if (nonce.length() != NONCE_BYTES / 3 * 4) {
            return new Invalid("length");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return new Invalid("encoding");
        }
        if (raw.length != NONCE_BYTES || raw[0] != VERSION) {
            return new Invalid("version");
        }
        var key = keys.get().byId(raw[1] & 0xff);
        if (key.isEmpty()) {
            return new Invalid("unknown key");
        }
        byte[] expected = mac(key.get(), raw, realm);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, SIGNED_BYTES, NONCE_BYTES))) {
            return new Invalid("mac");
        }
        long issuedAt = ByteBuffer.wrap(raw, 2, 8).getLong();
        long now = clock.millis();
        if (issuedAt > now + FUTURE_SKEW_MILLIS) {
            return new Invalid("future");
        }
        if (now - issuedAt > ttl.toMillis()) {
            return new Expired(issuedAt);
        }
        return new Valid(issuedAt);
    }

    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private static byte[] mac(NonceKey key, byte[] nonceBytes, String realm) {
        try {
            Mac mac = MACS.get();
            mac.init(key.keySpec());
            mac.update(nonceBytes, 0, SIGNED_BYTES);
            mac.update(realm.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 rejected the key", e);
        }
    }
}
