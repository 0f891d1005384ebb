package io.vouch.smime;

import io.vouch.smime.internal.CmsSigning;
import io.vouch.smime.internal.MimeText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Signs MIME entities as {@code multipart/signed} with a detached CMS signature (RFC 8551 §3.5.3, RFC 1847 §2.1,
 * RFC 3261 §23.3) or as opaque {@code application/pkcs7-mime; smime-type=signed-data}: SHA-256 with ECDSA P-256 or RSA,
 * the signer's certificate chain embedded. Thread-safe.
 */
public final class SmimeSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private SmimeSigner(PrivateKey key, List<X509Certificate> chain) {
        this.key = Objects.requireNonNull(key, "key");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("the signer certificate is required");
        }
        CmsSigning.signatureAlgorithm(key);
    }

    /** A signer with its key and certificate chain, the signer's certificate first. */
    public static SmimeSigner create(PrivateKey key, List<X509Certificate> chain) {
        return new SmimeSigner(key, chain);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * The {@code multipart/signed} entity over {@code content}: its first part is the content entity (text in
     * canonical CRLF form, RFC 8551 §3.1.1), its second the base64 signature.
     */
    public MimeEntity sign(MimeEntity content) {
        byte[] signedPart = canonical(content).encode();
        byte[] signature = CmsSigning.sign(signedPart, false, key, chain);
        String boundary = "vouch-" + HexFormat.of().formatHex(randomBytes());
        MimeEntity sigPart = new MimeEntity(List.of(
            new MimeEntity.Header("Content-Type", "application/pkcs7-signature; name=smime.p7s"),
            new MimeEntity.Header("Content-Transfer-Encoding", "base64"),
            new MimeEntity.Header("Content-Disposition", "attachment; handling=required; filename=smime.p7s")),
            MimeText.base64Lines(signature));
        ByteArrayOutputStream body = new ByteArrayOutputStream(signedPart.length + signature.length * 2 + 300);
        body.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(signedPart);
        body.writeBytes(("\r\n--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(sigPart.encode());
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return MimeEntity.of("multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\""
            + boundary + "\"", body.toByteArray());
    }

    /** The {@code application/pkcs7-mime; smime-type=signed-data} entity carrying {@code content} (binary DER). */
    public MimeEntity signOpaque(MimeEntity content) {
        byte[] der = CmsSigning.sign(canonical(content).encode(), true, key, chain);
        return new MimeEntity(List.of(
            new MimeEntity.Header("Content-Type", "application/pkcs7-mime; smime-type=signed-data; name=smime.p7m"),
            new MimeEntity.Header("Content-Disposition", "attachment; handling=required; filename=smime.p7m")), der);
    }

    /** Text and message content is signed with CRLF line ends, as receivers canonicalise it before checking. */
    static MimeEntity canonical(MimeEntity content) {
        String type = content.contentType().strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("text/") || type.startsWith("message/")) {
            return new MimeEntity(content.headers(), MimeText.canonicalCrlf(content.content()));
        }
        return content;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}
