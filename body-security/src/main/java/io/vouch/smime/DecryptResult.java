package io.vouch.smime;

import java.util.Objects;

/**
 * The outcome of opening an enveloped body (RFC 5652 §6, RFC 5083): the decrypted entity, invalid (malformed, not
 * addressed to this key, or failing its integrity check — a UA answers 493 Undecipherable, RFC 3261 §21.4.29), or not
 * an enveloped body.
 */
public sealed interface DecryptResult {

    record Decrypted(MimeEntity content, ContentCipher cipher) implements DecryptResult {
        public Decrypted {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(cipher, "cipher");
        }
    }

    record Invalid(String reason) implements DecryptResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record NotEncrypted() implements DecryptResult {
        public static final NotEncrypted INSTANCE = new NotEncrypted();
    }
}
