package io.vouch.cert;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;

/**
 * The certificate repository rules of ATIS-1000080 §6.3 / ATIS-1000074 §5.3.1 (and RFC 8226 §9) as a linter would
 * apply them to one fetch: https only, TLS 1.2+, a valid server certificate, 200 with
 * {@code application/pem-certificate-chain}, cacheable for at least a day, a PEM chain leaf first in which every
 * certificate is valid now and signed by the next, and (Vouch's own rule) a URL naming the leaf's SHA-256.
 */
final class AtisRepositoryRules {
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");
    private static final Pattern CONTENT_ADDRESS = Pattern.compile(".*/certs/([0-9a-f]{64})\\.pem");

    private AtisRepositoryRules() {
    }

    /** Every rule {@code response} of {@code uri} breaks; empty when it complies. */
    static List<String> violations(URI uri, HttpResponse<byte[]> response, Instant now) {
        List<String> v = new ArrayList<>();
        if (!"https".equals(uri.getScheme())) {
            v.add("not https");
        }
        SSLSession tls = response.sslSession().orElse(null);
        if (tls == null) {
            v.add("no TLS session");
        } else {
            if (!tls.getProtocol().equals("TLSv1.2") && !tls.getProtocol().equals("TLSv1.3")) {
                v.add("TLS below 1.2: " + tls.getProtocol());
            }
            try {
                for (Certificate c : tls.getPeerCertificates()) {
                    ((X509Certificate) c).checkValidity(Date.from(now));
                }
            } catch (Exception e) {
                v.add("server certificate not valid: " + e.getMessage());
            }
        }
        if (response.statusCode() != 200) {
            v.add("status " + response.statusCode());
            return v;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.equals("application/pem-certificate-chain")) {
            v.add("content type " + type);
        }
        String cache = response.headers().firstValue("Cache-Control").orElse("").toLowerCase(Locale.ROOT);
        Matcher m = MAX_AGE.matcher(cache);
        if (!m.find() || Long.parseLong(m.group(1)) < 86_400) {
            v.add("Cache-Control max-age below 86400: " + cache);
        }
        if (cache.contains("no-store") || cache.contains("no-cache") || cache.contains("private")) {
            v.add("not publicly cacheable: " + cache);
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(response.body()))) {
                chain.add((X509Certificate) c);
            }
        } catch (Exception e) {
            v.add("body is not a PEM chain: " + e.getMessage());
            return v;
        }
        if (chain.isEmpty()) {
            v.add("empty chain");
            return v;
        }
        for (int i = 0; i < chain.size(); i++) {
            try {
                chain.get(i).checkValidity(Date.from(now));
                if (i + 1 < chain.size()) {
                    chain.get(i).verify(chain.get(i + 1).getPublicKey());
                }
            } catch (Exception e) {
                v.add("certificate " + i + " invalid or not signed by the next (leaf first): " + e.getMessage());
            }
        }
        if (chain.getFirst().getBasicConstraints() >= 0) {
            v.add("first certificate is a CA, not the leaf");
        }
        Matcher addr = CONTENT_ADDRESS.matcher(uri.getPath());
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(chain.getFirst().getEncoded()));
            if (!addr.matches() || !addr.group(1).equals(sha)) {
                v.add("URL does not name the leaf's SHA-256");
            }
        } catch (Exception e) {
            v.add("leaf does not encode");
        }
        return v;
    }
}
