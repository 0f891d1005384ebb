package io.vouch.sip.digest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stateless nonce format shared by every component that challenges (RFC 7616 §3.3, RFC 3261 §22.4): base64url
 * of {@code version(1) keyId(1) issuedAtMillis(8) random(13) mac(16)} where mac is HMAC-SHA256 truncated to 128 bits
 * over the preceding 23 bytes and the realm, so any holder of the key verifies a nonce another minted. The 39 bytes
 * encode to exactly 52 characters with no spare bits, so each nonce has a single spelling.
 */
public final class StatelessNonce {
    /** What opening a nonce found: authentic (key known, MAC right) or not. */
    public sealed interface Opened permits Authentic, Forged {
    }

    /** Minted with a known key for this realm at {@code issuedAtMillis}; lifetime is the caller's to judge. */
    public record Authentic(long issuedAtMillis) implements Opened {
    }

    /** Wrong length, encoding or version, unknown key, or bad MAC (other realm included). */
    public record Forged(String reason) implements Opened {
    }

    /** The format version in the first byte. */
    public static final byte VERSION = 1;
    private static final int RANDOM_BYTES = 13;
    private static final int MAC_BYTES = 16;
    private static final int SIGNED_BYTES = 2 + 8 + RANDOM_BYTES;
    /** Decoded length of a nonce. */
    public static final int NONCE_BYTES = SIGNED_BYTES + MAC_BYTES;
    /** Encoded length of a nonce. */
    public static final int NONCE_CHARS = NONCE_BYTES / 3 * 4;

    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private StatelessNonce() {
    }

    /** A fresh nonce for {@code realm} under the key {@code keyId} (0..255), dated {@code nowMillis}. */
    public static String mint(int keyId, SecretKeySpec key, String realm, long nowMillis, SecureRandom random) {
        ByteBuffer buf = ByteBuffer.allocate(NONCE_BYTES);
        buf.put(VERSION).put((byte) keyId).putLong(nowMillis);
        byte[] rnd = new byte[RANDOM_BYTES];
        random.nextBytes(rnd);
        buf.put(rnd);
        buf.put(mac(key, buf.array(), realm));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /**
     * Opens a nonce a client returned for {@code realm}; {@code keyById} gives the key in force with that id, or
     * null for an unknown or retired one.
     */
    public static Opened open(String nonce, String realm, IntFunction<SecretKeySpec> keyById) {
        if (nonce.length() != NONCE_CHARS) {
            return new Forged("length");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return new Forged("encoding");
        }
        if (raw.length != NONCE_BYTES || raw[0] != VERSION) {
            return new Forged("version");
        }
        SecretKeySpec key = keyById.apply(raw[1] & 0xff);
        if (key == null) {
            return new Forged("unknown key");
        }
        byte[] expected = mac(key, raw, realm);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, SIGNED_BYTES, NONCE_BYTES))) {
            return new Forged("mac");
        }
        return new Authentic(ByteBuffer.wrap(raw, 2, 8).getLong());
    }

    private static byte[] mac(SecretKeySpec key, byte[] nonceBytes, String realm) {
        try {
            Mac mac = MACS.get();
            mac.init(key);
            mac.update(nonceBytes, 0, SIGNED_BYTES);
            mac.update(realm.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 rejected the key", e);
        }
    }
}
