package io.vouch.auth.internal.digest;

import io.vouch.sip.AuthHeader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * A user agent's side of digest authentication, written independently of the production hash code (straight from
 * RFC 7616 §3.4.1) so tests do not check the code against itself.
 */
public final class DigestClient {
    private DigestClient() {
    }

    public static String h(String jca, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static String h(String jca, String s) {
        return h(jca, s.getBytes(StandardCharsets.UTF_8));
    }

    public static String jca(String algorithm) {
        String base = algorithm.replaceAll("(?i)-sess$", "");
        return switch (base.toUpperCase()) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            case "SHA-512-256" -> "SHA-512/256";
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    /** The Authorization value answering {@code challengeValue} with this algorithm and qop. */
    public static String authorize(String challengeValue, String algorithm, String user, String password, String method,
                            String uri, byte[] body, int nc, String cnonce, String qop) {
        Map<String, String> ch = AuthHeader.parse(challengeValue).orElseThrow().params();
        String realm = ch.get("realm");
        String nonce = ch.get("nonce");
        String j = jca(algorithm);
        String ha1 = h(j, user + ":" + realm + ":" + password);
        if (algorithm.toLowerCase().endsWith("-sess")) {
            ha1 = h(j, ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = "auth-int".equals(qop) ? h(j, method + ":" + uri + ":" + h(j, body)) : h(j, method + ":" + uri);
        String ncHex = String.format("%08x", nc);
        String response = qop == null ? h(j, ha1 + ":" + nonce + ":" + ha2)
                : h(j, ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":" + qop + ":" + ha2);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri)
                .append("\", response=\"").append(response).append("\", algorithm=").append(algorithm);
        if (qop != null) {
            sb.append(", qop=").append(qop).append(", nc=").append(ncHex).append(", cnonce=\"").append(cnonce)
                    .append('"');
        }
        if (ch.containsKey("opaque")) {
            sb.append(", opaque=\"").append(ch.get("opaque")).append('"');
        }
        return sb.toString();
    }
}
