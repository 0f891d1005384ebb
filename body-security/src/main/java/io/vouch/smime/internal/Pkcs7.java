package io.vouch.smime.internal;

import io.vouch.smime.BodyKind;
import io.vouch.smime.MimeEntity;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;

/** The DER of an {@code application/pkcs7-mime} body, binary as SIP sends it or base64 as mail and OpenSSL write it. */
public final class Pkcs7 {
    private Pkcs7() {
    }

    public static Optional<byte[]> der(MimeEntity entity) {
        Optional<byte[]> decoded = entity.decodedContent();
        if (decoded.isEmpty() || decoded.get().length == 0) {
            return Optional.empty();
        }
        byte[] bytes = decoded.get();
        if (bytes[0] == 0x30) {
            return Optional.of(bytes);
        }
        // no Content-Transfer-Encoding but base64 text: what a file written by OpenSSL without headers holds
        return MimeText.base64Decode(bytes).filter(b -> b.length > 0 && b[0] == 0x30);
    }

    /** The kind a CMS ContentInfo's content type names. */
    public static BodyKind kind(byte[] der) {
        try {
            ASN1ObjectIdentifier type = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der)).getContentType();
            if (CMSObjectIdentifiers.signedData.equals(type)) {
                return BodyKind.SIGNED_OPAQUE;
            }
            if (CMSObjectIdentifiers.envelopedData.equals(type)) {
                return BodyKind.ENVELOPED;
            }
            if (CMSObjectIdentifiers.authEnvelopedData.equals(type)) {
                return BodyKind.AUTH_ENVELOPED;
            }
            return BodyKind.UNSUPPORTED;
        } catch (Exception e) {
            return BodyKind.UNSUPPORTED;
        }
    }
}
