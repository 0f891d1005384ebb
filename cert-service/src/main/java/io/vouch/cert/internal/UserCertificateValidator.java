package io.vouch.cert.internal;

import io.vouch.proto.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Validates a user certificate published for an AOR (RFC 6072 §6, RFC 2585 {@code application/pkix-cert}): one X.509
 * certificate in DER (or PEM), an end-entity certificate whose subjectAltName carries the AOR as a {@code sip:} or
 * {@code sips:} URI (RFC 4474 §13.4 / RFC 5922 §7.1 style), within its validity, with an RSA or EC key no weaker than
 * the configured floors (or Ed25519/Ed448). The DER is returned for storage and NOTIFY bodies.
 */
public final class UserCertificateValidator {
    private static final int SAN_URI = 6;

    private final int rsaMinBits;
    private final int ecMinBits;

    public UserCertificateValidator(int rsaMinBits, int ecMinBits) {
        this.rsaMinBits = rsaMinBits;
        this.ecMinBits = ecMinBits;
    }

    /** The parsed certificate and its exact DER encoding. */
    public record Accepted(X509Certificate certificate, byte[] der) {
    }

    /** Checks {@code body} as the certificate of {@code aor} ({@link Topics#aorKey} form) at {@code now}. */
    public Check<Accepted> validate(byte[] body, String aor, Instant now) {
        Optional<byte[]> der = der(body);
        if (der.isEmpty()) {
            return Check.refused(400, "Certificate PEM Unreadable", "cert_unparsable");
        }
        X509Certificate cert;
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            cert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der.get()));
            if (!Arrays.equals(cert.getEncoded(), der.get())) {
                return Check.refused(400, "Certificate Has Trailing Data", "cert_unparsable");
            }
        } catch (CertificateException | RuntimeException e) {
            return Check.refused(400, "Certificate Does Not Parse", "cert_unparsable");
        }
        if (cert.getBasicConstraints() >= 0) {
            return Check.refused(400, "CA Certificate Is Not A User Certificate", "cert_ca");
        }
        if (!sanUris(cert).contains(aor)) {
            return Check.refused(400, "Certificate Does Not Name The AOR", "cert_aor_mismatch");
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return Check.refused(400, "Certificate Not Yet Valid", "cert_not_yet_valid");
        }
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return Check.refused(400, "Certificate Expired", "cert_expired");
        }
        Optional<String> weak = weakKey(cert.getPublicKey());
        if (weak.isPresent()) {
            return Check.refused(400, weak.get(), "cert_weak_key");
        }
        return Check.ok(new Accepted(cert, der.get()));
    }

    /** The body as DER: itself, or the single CERTIFICATE block of a PEM text. */
    static Optional<byte[]> der(byte[] body) {
        if (body.length > 10 && new String(body, 0, 10, StandardCharsets.US_ASCII).equals("-----BEGIN")) {
            try (PemReader r = new PemReader(new InputStreamReader(new ByteArrayInputStream(body),
                    StandardCharsets.US_ASCII))) {
                PemObject o = r.readPemObject();
                if (o == null || !o.getType().equals("CERTIFICATE") || r.readPemObject() != null) {
                    return Optional.empty();
                }
                return Optional.of(o.getContent());
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(body);
    }

    /** The subjectAltName URIs of {@code cert} that are SIP URIs, as AOR keys ({@code user@host}). */
    public static List<String> sanUris(X509Certificate cert) {
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        return names.stream()
                .filter(n -> n.size() >= 2 && n.get(0) instanceof Integer t && t == SAN_URI)
                .map(n -> String.valueOf(n.get(1)))
                .map(UserCertificateValidator::aorOfUri)
                .flatMap(Optional::stream)
                .toList();
    }

    /** {@code sip:user@host[:port][;params]} (or sips:) as an AOR key; empty for anything else. */
    static Optional<String> aorOfUri(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("sip:")) {
            rest = uri.substring(4);
        } else if (lower.startsWith("sips:")) {
            rest = uri.substring(5);
        } else {
            return Optional.empty();
        }
        int end = rest.length();
        for (char c : new char[] {';', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        rest = rest.substring(0, end);
        int at = rest.lastIndexOf('@');
        String user = at < 0 ? "" : rest.substring(0, at);
        String hostPort = rest.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 && hostPort.indexOf(']') < colon ? hostPort.substring(0, colon) : hostPort;
        if (host.isEmpty() || user.indexOf(':') >= 0) {
            return Optional.empty();
        }
        return Optional.of(Topics.aorKey(user, host));
    }

    private Optional<String> weakKey(PublicKey key) {
        return switch (key) {
            case RSAPublicKey rsa -> rsa.getModulus().bitLength() < rsaMinBits
                    ? Optional.of("RSA Key Shorter Than " + rsaMinBits + " Bits") : Optional.empty();
            case ECPublicKey ec -> ec.getParams().getOrder().bitLength() < ecMinBits
                    ? Optional.of("EC Key Shorter Than " + ecMinBits + " Bits") : Optional.empty();
            case EdECPublicKey ed -> Optional.empty();
            default -> Optional.of("Unsupported Key Type " + key.getAlgorithm());
        };
    }
}
