package io.vouch.cert.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A certificate chain as the repository serves it (RFC 8226 §9, ATIS-1000074 §5.3.1 {@code x5u} target): PEM,
 * leaf first, each certificate issued and signed by the next. Its URL name is the SHA-256 of the leaf DER.
 */
public record CertificateChain(String pem, List<X509Certificate> certificates, String leafSha256) {
    /** Most certificates accepted in one chain. */
    static final int MAX_CERTIFICATES = 8;

    public CertificateChain {
        certificates = List.copyOf(certificates);
    }

    public X509Certificate leaf() {
        return certificates.getFirst();
    }

    /** When the leaf stops being valid. */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Parses and checks a PEM chain; the accepted value is re-encoded canonically (64-column base64). */
    public static Check<CertificateChain> parse(byte[] pemBytes) {
        List<X509Certificate> certs = new ArrayList<>();
        try (PemReader r = new PemReader(new InputStreamReader(new ByteArrayInputStream(pemBytes),
                StandardCharsets.US_ASCII))) {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PemObject o;
            while ((o = r.readPemObject()) != null) {
                if (!o.getType().equals("CERTIFICATE")) {
                    return Check.refused(400, "Chain Holds A Non-Certificate " + o.getType(), "chain_malformed");
                }
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(o.getContent())));
                if (certs.size() > MAX_CERTIFICATES) {
                    return Check.refused(400, "Chain Too Long", "chain_malformed");
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Check.refused(400, "Chain Does Not Parse", "chain_malformed");
        }
        if (certs.isEmpty()) {
            return Check.refused(400, "No Certificate In Chain", "chain_malformed");
        }
        for (int i = 0; i + 1 < certs.size(); i++) {
            X509Certificate child = certs.get(i);
            X509Certificate parent = certs.get(i + 1);
            if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
                return Check.refused(400, "Chain Not Leaf First", "chain_order");
            }
            try {
                child.verify(parent.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                return Check.refused(400, "Chain Signature Does Not Verify", "chain_signature");
            }
        }
        try {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate c : certs) {
                pem.append(pemOf(c.getEncoded()));
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certs.getFirst().getEncoded()));
            return Check.ok(new CertificateChain(pem.toString(), certs, sha));
        } catch (GeneralSecurityException e) {
            return Check.refused(400, "Chain Does Not Encode", "chain_malformed");
        }
    }

    /** One certificate as PEM with 64-column lines (RFC 7468 §2). */
    public static String pemOf(byte[] der) {
        String b64 = java.util.Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END CERTIFICATE-----\n").toString();
    }
}
