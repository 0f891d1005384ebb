package io.vouch.smime;

import io.vouch.smime.internal.CmsEnvelope;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Encrypts MIME entities to recipients' certificates as {@code application/pkcs7-mime} (RFC 8551 §3.3, RFC 3261
 * §23.4): AES-GCM in AuthEnvelopedData ({@code smime-type=authEnveloped-data}, RFC 5083/5084) or AES-CBC in
 * EnvelopedData ({@code enveloped-data}) for recipients without it. RSA recipients get key transport, EC recipients
 * ECDH. The body is binary DER, as SIP carries it; {@link MimeEntity#base64()} gives the mail form. Thread-safe.
 */
public final class SmimeEncryptor {
    private final List<X509Certificate> recipients;
    private final ContentCipher cipher;

    private SmimeEncryptor(List<X509Certificate> recipients, ContentCipher cipher) {
        this.recipients = List.copyOf(recipients);
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        if (this.recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient certificate");
        }
    }

    public static SmimeEncryptor create(List<X509Certificate> recipients, ContentCipher cipher) {
        return new SmimeEncryptor(recipients, cipher);
    }

    public MimeEntity encrypt(MimeEntity content) {
        byte[] der = CmsEnvelope.encrypt(SmimeSigner.canonical(content).encode(), recipients, cipher);
        return new MimeEntity(List.of(
            new MimeEntity.Header("Content-Type",
                "application/pkcs7-mime; smime-type=" + cipher.smimeType() + "; name=smime.p7m"),
            new MimeEntity.Header("Content-Disposition", "attachment; handling=required; filename=smime.p7m")), der);
    }
}
