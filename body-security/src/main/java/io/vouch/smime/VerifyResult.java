package io.vouch.smime;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a body's S/MIME signature (RFC 8551 §3.5, RFC 5652 §5.6): verified by a trusted signer,
 * invalid (with a short fixed reason usable as a Warning text and metric tag), or not signed at all.
 */
public sealed interface VerifyResult {

    /** The signature verifies with {@code signer}, a certificate the caller's trust accepts; {@code content} is what was signed. */
    record Verified(X509Certificate signer, MimeEntity content, Optional<Instant> signingTime) implements VerifyResult {
        public Verified {
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(signingTime, "signingTime");
        }
    }

    /** A signed body that does not verify, is malformed, or is signed by nobody the trust accepts. */
    record Invalid(String reason) implements VerifyResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The body is not a signed S/MIME body. */
    record Unsigned() implements VerifyResult {
        public static final Unsigned INSTANCE = new Unsigned();
    }
}
