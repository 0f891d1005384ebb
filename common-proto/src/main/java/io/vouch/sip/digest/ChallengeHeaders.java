package io.vouch.sip.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The text of digest challenges (RFC 3261 §22.4, RFC 7616 §3.3): one {@code WWW-Authenticate} or
 * {@code Proxy-Authenticate} value per offered algorithm in preference order (RFC 8760 §2.4), all with the same
 * realm, nonce, opaque and qop; shared so every component that challenges writes byte-identical headers.
 */
public final class ChallengeHeaders {
    private ChallengeHeaders() {
    }

    /**
     * The header values for one challenge.
     *
     * @param algorithms algorithm tokens in preference order, e.g. {@code SHA-256}, {@code MD5}
     * @param qop        the comma-joined qop tokens offered, empty for none
     */
    public static List<String> values(String realm, String nonce, List<String> algorithms, String qop, boolean stale,
                                      boolean userhash) {
        String opaque = opaque(realm);
        List<String> values = new ArrayList<>(algorithms.size());
        for (String alg : algorithms) {
            StringBuilder sb = new StringBuilder("Digest realm=\"").append(quote(realm))
                    .append("\", nonce=\"").append(nonce)
                    .append("\", opaque=\"").append(opaque)
                    .append("\", algorithm=").append(alg);
            if (!qop.isEmpty()) {
                sb.append(", qop=\"").append(qop).append('"');
            }
            if (stale) {
                sb.append(", stale=true");
            }
            if (userhash) {
                sb.append(", userhash=true");
            }
            values.add(sb.toString());
        }
        return List.copyOf(values);
    }

    /**
     * The opaque value for a realm: the same everywhere, so it carries no state; clients echo it (RFC 7616 §3.3)
     * and it is not checked.
     */
    public static String opaque(String realm) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("vouch-opaque:" + realm)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header that carries a challenge to a request of {@code method} (RFC 3261 §22.1, §22.3). */
    public static String challengeHeader(String method) {
        return "REGISTER".equals(method) ? "WWW-Authenticate" : "Proxy-Authenticate";
    }

    /** The header that carries credentials in a request of {@code method} (RFC 3261 §22.2, §22.3). */
    public static String credentialsHeader(String method) {
        return "REGISTER".equals(method) ? "Authorization" : "Proxy-Authorization";
    }

    /** The algorithm tokens of RFC 7616 §3.4.2 and RFC 8760 §2, strongest first. */
    public static final List<String> ALGORITHMS = List.of("SHA-512-256", "SHA-512-256-sess", "SHA-256",
            "SHA-256-sess", "MD5", "MD5-sess");
    /** The qop tokens of RFC 7616 §3.3, in the order they are offered. */
    public static final List<String> QOPS = List.of("auth", "auth-int");

    /** The canonical spelling of an algorithm token, matched case-insensitively; empty when unknown. */
    public static java.util.Optional<String> algorithm(String token) {
        return ALGORITHMS.stream().filter(a -> a.equalsIgnoreCase(token.trim())).findFirst();
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
