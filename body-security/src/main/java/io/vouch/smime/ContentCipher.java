package io.vouch.smime;

import java.util.Locale;
import java.util.Optional;

/**
 * Content-encryption algorithms for enveloped bodies: AES-GCM in AuthEnvelopedData (RFC 5083, RFC 5084; RFC 8551
 * {@code smime-type=authEnveloped-data}) and AES-CBC in EnvelopedData (RFC 5652 §6, {@code enveloped-data}) for
 * recipients that lack AuthEnvelopedData.
 */
public enum ContentCipher {
    AES128_GCM("aes-128-gcm", true),
    AES256_GCM("aes-256-gcm", true),
    AES128_CBC("aes-128-cbc", false),
    AES256_CBC("aes-256-cbc", false);

    private final String label;
    private final boolean authenticated;

    ContentCipher(String label, boolean authenticated) {
        this.label = label;
        this.authenticated = authenticated;
    }

    /** The name OpenSSL uses for it, e.g. {@code aes-128-gcm}. */
    public String label() {
        return label;
    }

    /** True for AEAD (AuthEnvelopedData), whose integrity check fails on any change to the ciphertext. */
    public boolean authenticated() {
        return authenticated;
    }

    /** The RFC 8551 §3.2.2 smime-type parameter for a body encrypted with this cipher. */
    public String smimeType() {
        return authenticated ? "authEnveloped-data" : "enveloped-data";
    }

    public static Optional<ContentCipher> byLabel(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        for (ContentCipher c : values()) {
            if (c.label.equals(l)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
