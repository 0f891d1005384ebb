package io.vouch.loadtest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Computes digest credentials for a challenge (RFC 7616 §3.4.1 with {@code qop=auth}, RFC 2617 style without
 * qop, {@code -sess} variants) and formats the {@code Authorization}/{@code Proxy-Authorization} value
 * (RFC 3261 §22.4). Caches HA1 per user, realm and algorithm. Not thread-safe: one instance per event loop.
 */
public final class DigestAuthenticator {

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, MessageDigest> digests = new HashMap<>();
    private final Map<String, String> ha1Cache = new HashMap<>();
    private final SplittableRandom random;

    public DigestAuthenticator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Picks the first challenge offering {@code algorithm} (RFC 8760 allows one header per algorithm). */
    public static Optional<DigestChallenge> select(List<DigestChallenge> offered, String algorithm) {
        return offered.stream().filter(c -> c.offers(algorithm)).findFirst();
    }

    /** Whether the JDK can compute {@code algorithm} (MD5, SHA-256, SHA-512-256 and their -sess forms). */
    public static boolean supports(String algorithm) {
        try {
            MessageDigest.getInstance(jdkName(algorithm));
            return true;
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The credentials answering {@code challenge} for one request, with a fresh client nonce and {@code nc=1}.
     *
     * @return the header value, starting with {@code Digest }
     */
    public String authorize(DigestChallenge challenge, String username, String password, String method, String uri) {
        String cnonce = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        return authorize(challenge, username, password, method, uri, cnonce, 1);
    }

    /** As {@link #authorize(DigestChallenge, String, String, String, String)} with a given cnonce and count. */
    public String authorize(DigestChallenge challenge, String username, String password, String method, String uri,
                            String cnonce, long nc) {
        boolean qopAuth = challenge.qops().contains("auth");
        String ncText = String.format(Locale.ROOT, "%08x", nc);
        String response = response(challenge.algorithm(), username, challenge.realm(), password, method, uri,
                challenge.nonce(), qopAuth ? ncText : null, cnonce, qopAuth ? "auth" : null);
        StringBuilder sb = new StringBuilder(256).append("Digest username=\"").append(quote(username))
                .append("\", realm=\"").append(quote(challenge.realm()))
                .append("\", nonce=\"").append(quote(challenge.nonce()))
                .append("\", uri=\"").append(quote(uri))
                .append("\", response=\"").append(response)
                .append("\", algorithm=").append(challenge.algorithm());
        if (qopAuth) {
            sb.append(", cnonce=\"").append(quote(cnonce)).append("\", qop=auth, nc=").append(ncText);
        }
        challenge.opaque().ifPresent(o -> sb.append(", opaque=\"").append(quote(o)).append('"'));
        return sb.toString();
    }

    /**
     * The request-digest (RFC 7616 §3.4.1): {@code H(HA1:nonce:nc:cnonce:qop:HA2)}, or {@code H(HA1:nonce:HA2)}
     * when {@code qop} is null.
     */
    public String response(String algorithm, String username, String realm, String password, String method,
                           String uri, String nonce, String nc, String cnonce, String qop) {
        String alg = algorithm.toUpperCase(Locale.ROOT);
        boolean sess = alg.endsWith("-SESS");
        String ha1 = ha1(alg, username, realm, password);
        if (sess) {
            ha1 = hash(alg, ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = hash(alg, method + ":" + uri);
        String data = qop == null
                ? ha1 + ":" + nonce + ":" + ha2
                : ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2;
        return hash(alg, data);
    }

    private String ha1(String alg, String username, String realm, String password) {
        String key = alg + '\u0000' + username + '\u0000' + realm + '\u0000' + password;
        String cached = ha1Cache.get(key);
        if (cached == null) {
            if (ha1Cache.size() > 100_000) {
                ha1Cache.clear();
            }
            cached = hash(alg, username + ":" + realm + ":" + password);
            ha1Cache.put(key, cached);
        }
        return cached;
    }

    private String hash(String alg, String text) {
        MessageDigest md = digests.computeIfAbsent(jdkName(alg), name -> {
            try {
                return MessageDigest.getInstance(name);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalArgumentException("unsupported digest algorithm " + alg, e);
            }
        });
        return HEX.formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String jdkName(String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT);
        if (a.endsWith("-SESS")) {
            a = a.substring(0, a.length() - 5);
        }
        return switch (a) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            case "SHA-512-256" -> "SHA-512/256";
            default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
        };
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
