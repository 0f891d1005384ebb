package io.vouch.smime;

import io.vouch.smime.internal.CmsEnvelope;
import io.vouch.smime.internal.Pkcs7;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens {@code application/pkcs7-mime} enveloped and authEnveloped bodies (RFC 8551 §3.3, RFC 5083) addressed to one
 * key and certificate. An {@link DecryptResult.Invalid} is what a UA answers {@code 493 Undecipherable} for
 * (RFC 3261 §23.2). Never throws on input. Thread-safe.
 */
public final class SmimeDecryptor {
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SmimeLimits limits;

    public SmimeDecryptor(PrivateKey key, X509Certificate certificate, SmimeLimits limits) {
        this.key = Objects.requireNonNull(key, "key");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public DecryptResult decrypt(MimeEntity body) {
        try {
            BodyKind kind = BodyKind.of(body);
            if (!kind.encrypted()) {
                return kind == BodyKind.UNSUPPORTED ? new DecryptResult.Invalid("unsupported S/MIME type")
                    : DecryptResult.NotEncrypted.INSTANCE;
            }
            if (body.content().length > limits.maxBodyBytes()) {
                return new DecryptResult.Invalid("body too large");
            }
            Optional<byte[]> der = Pkcs7.der(body);
            if (der.isEmpty()) {
                return new DecryptResult.Invalid("malformed enveloped data");
            }
            CmsEnvelope.Opened opened = CmsEnvelope.decrypt(der.get(), kind == BodyKind.AUTH_ENVELOPED, key,
                certificate);
            if (opened.plaintext().isEmpty()) {
                return new DecryptResult.Invalid(opened.reason());
            }
            if (opened.plaintext().get().length > limits.maxBodyBytes()) {
                return new DecryptResult.Invalid("body too large");
            }
            return new DecryptResult.Decrypted(Entities.inner(opened.plaintext().get()), opened.cipher().get());
        } catch (RuntimeException e) {
            return new DecryptResult.Invalid("cannot decrypt");
        }
    }
}
