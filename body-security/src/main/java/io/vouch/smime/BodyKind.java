package io.vouch.smime;

import io.vouch.sdp.ContentType;
import io.vouch.smime.internal.Pkcs7;
import java.util.Locale;
import java.util.Optional;

/**
 * What protection a body carries, read from its Content-Type (RFC 8551 §3.2.2, RFC 1847 §2.1) and, when the
 * {@code smime-type} parameter is missing, from the CMS content type inside.
 */
public enum BodyKind {
    /** {@code multipart/signed} with {@code protocol="application/pkcs7-signature"}. */
    SIGNED,
    /** {@code application/pkcs7-mime; smime-type=signed-data}: the signed content is inside the CMS object. */
    SIGNED_OPAQUE,
    /** {@code application/pkcs7-mime; smime-type=enveloped-data} (RFC 5652 §6). */
    ENVELOPED,
    /** {@code application/pkcs7-mime; smime-type=authEnveloped-data} (RFC 5083). */
    AUTH_ENVELOPED,
    /** A signature or CMS type that is not supported, or an S/MIME body that cannot be read. */
    UNSUPPORTED,
    /** Not an S/MIME body. */
    PLAIN;

    public boolean encrypted() {
        return this == ENVELOPED || this == AUTH_ENVELOPED;
    }

    public boolean signed() {
        return this == SIGNED || this == SIGNED_OPAQUE;
    }

    public static BodyKind of(MimeEntity entity) {
        Optional<ContentType> parsed = entity.parsedContentType();
        if (parsed.isEmpty()) {
            return PLAIN;
        }
        ContentType ct = parsed.get();
        if (ct.is("multipart", "signed")) {
            String protocol = ct.parameter("protocol").orElse("").toLowerCase(Locale.ROOT);
            return protocol.equals("application/pkcs7-signature") || protocol.equals("application/x-pkcs7-signature")
                ? SIGNED : UNSUPPORTED;
        }
        if (!ct.is("application", "pkcs7-mime") && !ct.is("application", "x-pkcs7-mime")) {
            return PLAIN;
        }
        String smimeType = ct.parameter("smime-type").orElse("").toLowerCase(Locale.ROOT);
        return switch (smimeType) {
            case "signed-data" -> SIGNED_OPAQUE;
            case "enveloped-data" -> ENVELOPED;
            case "authenveloped-data" -> AUTH_ENVELOPED;
            case "" -> Pkcs7.der(entity).map(Pkcs7::kind).orElse(UNSUPPORTED);
            default -> UNSUPPORTED;
        };
    }
}
