package io.vouch.media;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One SDES {@code inline:} key (RFC 4568 §6.1): the decoded master key ‖ master salt, the master key lifetime in
 * packets when given, and the MKI when given. The key octets are secret: {@link #toString()} leaves them out.
 */
public record SdesKey(byte[] keySalt, OptionalLong lifetime, Optional<Mki> mki) {
    public SdesKey {
        keySalt = keySalt.clone();
    }

    @Override
    public byte[] keySalt() {
        return keySalt.clone();
    }

    /** True when both keys carry the same key ‖ salt octets (compared in constant time). */
    public boolean sameKeyAs(SdesKey other) {
        return java.security.MessageDigest.isEqual(keySalt, other.keySalt);
    }

    /** The first {@code keyLength} octets. */
    public byte[] masterKey(int keyLength) {
        return Arrays.copyOfRange(keySalt, 0, keyLength);
    }

    /** The octets after the first {@code keyLength}. */
    public byte[] masterSalt(int keyLength) {
        return Arrays.copyOfRange(keySalt, keyLength, keySalt.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdesKey k && sameKeyAs(k) && lifetime.equals(k.lifetime) && mki.equals(k.mki);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keySalt) * 31 + lifetime.hashCode() * 7 + mki.hashCode();
    }

    @Override
    public String toString() {
        return "SdesKey[" + keySalt.length + " octets, lifetime=" + lifetime + ", mki=" + mki + "]";
    }

    /** Master key identifier {@code value:length} (RFC 4568 §6.1): {@code length} octets on the wire, 1–128. */
    public record Mki(long value, int length) {
    }
}
