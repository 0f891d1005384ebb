package io.vouch.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Legacy SIP Identity (RFC 4474, obsoleted by RFC 8224 and kept behind {@code rfc4474.enabled}): the §9
 * digest string over From, To, Call-ID, CSeq, Date, Contact and body, signed {@code rsa-sha256} into a quoted
 * base64 {@code Identity} header with {@code Identity-Info: <url>;alg=rsa-sha256}.
 */
public final class Rfc4474 {
    /** The only algorithm accepted. */
    public static final String ALG = "rsa-sha256";

    /** The message parts §9 covers; {@code contact} is empty when the request has no Contact. */
    public record Parts(String fromAddrSpec, String toAddrSpec, String callId, long cseq, String method, String date,
                        String contactAddrSpec, byte[] body) {
        public Parts {
            Objects.requireNonNull(fromAddrSpec, "fromAddrSpec");
            Objects.requireNonNull(toAddrSpec, "toAddrSpec");
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(contactAddrSpec, "contactAddrSpec");
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private Rfc4474() {
    }

    /** The §9 digest string: the parts joined by {@code |}, the body appended as is. */
    public static byte[] digestString(Parts p) {
        String head = p.fromAddrSpec() + "|" + p.toAddrSpec() + "|" + p.callId() + "|" + p.cseq() + " " + p.method()
                + "|" + p.date() + "|" + p.contactAddrSpec() + "|";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] b = p.body();
        byte[] out = new byte[h.length + b.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(b, 0, out, h.length, b.length);
        return out;
    }

    /** The quoted base64 {@code Identity} header value. */
    public static String sign(Parts p, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(digestString(p));
            return "\"" + Base64.getEncoder().encodeToString(s.sign()) + "\"";
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key", e);
        }
    }

    /** The {@code Identity-Info} header value. */
    public static String identityInfo(String url) {
        return "<" + url + ">;alg=" + ALG;
    }

    /** Whether an {@code Identity} value (quoted base64) verifies; false for anything malformed. */
    public static boolean verify(Parts p, String identityValue, PublicKey key) {
        String v = identityValue.strip();
        if (v.length() < 2 || !v.startsWith("\"") || !v.endsWith("\"")) {
            return false;
        }
        try {
            byte[] sig = Base64.getMimeDecoder().decode(v.substring(1, v.length() - 1));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(digestString(p));
            return s.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
