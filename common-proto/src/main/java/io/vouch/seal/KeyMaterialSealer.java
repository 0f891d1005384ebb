package io.vouch.seal;

import com.google.protobuf.ByteString;
import io.vouch.proto.SealedSecrets;
import io.vouch.proto.SipEvent;
import io.vouch.seal.internal.SecretSpans;
import io.vouch.seal.internal.SecretSpans.Span;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps SDES and MIKEY key material (RFC 4568 {@code inline:} key||salt, RFC 4567 {@code a=key-mgmt} data) off the
 * bus in clear: {@link #seal} replaces each secret in an encoded SIP message by as many {@code '*'} (so lengths and
 * Content-Length stay right) and seals the cut spans with AES-256-GCM under the current {@link SealKeys} key, the
 * redacted message as associated data; {@link #unseal} restores the message as received. Thread-safe.
 */
public final class KeyMaterialSealer {
    /** The filler written over each secret; it is not a base64 character, so a redacted key never parses. */
    public static final byte FILLER = '*';
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SealKeys keys;
    private final SecureRandom random;

    public KeyMaterialSealer(SealKeys keys, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A message ready for the bus: {@code sip} redacted, and the sealed spans when there were any. */
    public record Sealed(byte[] sip, Optional<SealedSecrets> secrets) {
    }

    /** The outcome of opening a sealed blob from the bus. */
    public sealed interface Unsealed {
        /** {@code sip} is the message as the edge received it. */
        record Restored(byte[] sip) implements Unsealed {
        }

        /** The blob cannot be opened or does not fit the message; {@code reason} is short fixed text. */
        record Failed(String reason) implements Unsealed {
        }
    }

    /** Cuts the key material out of {@code sip}; a message without any is returned as it is, with no secrets. */
    public Sealed seal(byte[] sip) {
        List<Span> spans = SecretSpans.find(sip);
        if (spans.isEmpty()) {
            return new Sealed(sip, Optional.empty());
        }
        int size = 4;
        for (Span s : spans) {
            size += 8 + s.length();
        }
        ByteBuffer plain = ByteBuffer.allocate(size).putInt(spans.size());
        byte[] redacted = sip.clone();
        for (Span s : spans) {
            plain.putInt(s.offset()).putInt(s.length()).put(sip, s.offset(), s.length());
            java.util.Arrays.fill(redacted, s.offset(), s.offset() + s.length(), FILLER);
        }
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, keys.current(), nonce, redacted, plain.array());
        java.util.Arrays.fill(plain.array(), (byte) 0);
        return new Sealed(redacted, Optional.of(SealedSecrets.newBuilder().setKeyId(keys.current().id())
                .setNonce(ByteString.copyFrom(nonce)).setCiphertext(ByteString.copyFrom(ciphertext)).build()));
    }

    /** The message of {@code event} as received: its {@code sip} restored when it carries sealed secrets. */
    public Unsealed restore(SipEvent event) {
        byte[] sip = event.getSip().toByteArray();
        return event.hasSealedSecrets() ? unseal(sip, event.getSealedSecrets()) : new Unsealed.Restored(sip);
    }

    /** Opens {@code secrets} and writes the spans back into a copy of {@code redacted}. */
    public Unsealed unseal(byte[] redacted, SealedSecrets secrets) {
        Optional<SealKey> key = keys.byId(secrets.getKeyId());
        if (key.isEmpty()) {
            return new Unsealed.Failed("unknown seal key id");
        }
        if (secrets.getNonce().size() != NONCE) {
            return new Unsealed.Failed("bad seal nonce");
        }
        byte[] plain;
        try {
            plain = crypt(Cipher.DECRYPT_MODE, key.get(), secrets.getNonce().toByteArray(), redacted,
                    secrets.getCiphertext().toByteArray());
        } catch (IllegalStateException e) {
            return new Unsealed.Failed("seal authentication failed");
        }
        byte[] out = redacted.clone();
        try {
            ByteBuffer in = ByteBuffer.wrap(plain);
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                int off = in.getInt();
                int len = in.getInt();
                if (off < 0 || len <= 0 || off > out.length - len || len > in.remaining()) {
                    return new Unsealed.Failed("sealed span out of range");
                }
                in.get(out, off, len);
            }
            if (in.hasRemaining()) {
                return new Unsealed.Failed("sealed spans malformed");
            }
        } catch (java.nio.BufferUnderflowException e) {
            return new Unsealed.Failed("sealed spans malformed");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
        return new Unsealed.Restored(out);
    }

    /** AES-256-GCM; a failed tag check becomes an {@link IllegalStateException} for the caller to map. */
    private static byte[] crypt(int mode, SealKey key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key.secret(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("tag", e);
        } catch (GeneralSecurityException e) {
            if (mode == Cipher.DECRYPT_MODE) {
                throw new IllegalStateException("decrypt", e);
            }
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
