package io.vouch.cert.internal;

import io.vouch.proto.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers certificate repository requests (ATIS-1000080 §6.3 / ATIS-1000074 §5.3.1 STI-CR, RFC 8226): {@code GET} and
 * {@code HEAD} of {@code /certs/<sha256 of leaf DER>.pem} with the PEM chain, {@code application/pem-certificate-chain}
 * (RFC 8555 §9.1), a long {@code Cache-Control} and an {@code ETag}; {@code If-None-Match} gives 304. A chain stays
 * served until its leaf's notAfter plus the grace period, so a cached URL keeps working through a rotation. Pure apart
 * from a parse cache; thread-safe.
 */
public final class RepositoryResponder {
    public static final String CONTENT_TYPE = "application/pem-certificate-chain";
    private static final Pattern PATH = Pattern.compile("/certs/([0-9a-f]{64})\\.pem");

    private final Function<String, Optional<byte[]>> store;
    private final long maxAgeSeconds;
    private final Duration grace;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param store reads a {@link Topics#CERTIFICATES} value by record key */
    public RepositoryResponder(Function<String, Optional<byte[]>> store, long maxAgeSeconds, Duration grace) {
        this.store = store;
        this.maxAgeSeconds = maxAgeSeconds;
        this.grace = grace;
    }

    /** What the server sends: status, headers in order, body (empty for HEAD and 304). */
    public record Response(int status, Map<String, String> headers, byte[] body) {
    }

    /** Why a request was answered the way it was (a metric tag). */
    public static String outcome(Response r) {
        return switch (r.status()) {
            case 200 -> "ok";
            case 304 -> "not_modified";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            default -> "other";
        };
    }

    public Response respond(String method, String path, Optional<String> ifNoneMatch, Instant now) {
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            return new Response(405, Map.of("Allow", "GET, HEAD"), new byte[0]);
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return notFound();
        }
        String key = Topics.repositoryKey(m.group(1));
        Optional<byte[]> raw = store.apply(key);
        if (raw.isEmpty()) {
            cache.remove(key);
            return notFound();
        }
        Cached c = cache.get(key);
        if (c == null || c.raw != raw.get()) {
            Optional<Cached> parsed = parse(raw.get(), m.group(1));
            if (parsed.isEmpty()) {
                return notFound();
            }
            c = parsed.get();
            cache.put(key, c);
        }
        if (now.isAfter(c.notAfter.plus(grace))) {
            return notFound();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Cache-Control", "public, max-age=" + maxAgeSeconds);
        headers.put("ETag", c.etag);
        headers.put("X-Content-Type-Options", "nosniff");
        if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), c.etag)) {
            return new Response(304, headers, new byte[0]);
        }
        headers.put("Content-Length", Integer.toString(c.body.length));
        return new Response(200, headers, head ? new byte[0] : c.body);
    }

    private static Response notFound() {
        return new Response(404, Map.of("Cache-Control", "no-store"), new byte[0]);
    }

    /** RFC 9110 §13.1.2: {@code *} or a list of entity-tags, compared weakly. */
    static boolean matches(String header, String etag) {
        for (String t : header.split(",")) {
            String v = t.trim();
            if (v.equals("*")) {
                return true;
            }
            if (v.startsWith("W/")) {
                v = v.substring(2);
            }
            if (v.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Cached> parse(byte[] raw, String sha) {
        if (!(CertificateChain.parse(raw) instanceof Check.Ok<CertificateChain> ok)
                || !ok.value().leafSha256().equals(sha)) {
            // a value that is not the chain its key names is never served
            return Optional.empty();
        }
        byte[] body = ok.value().pem().getBytes(StandardCharsets.US_ASCII);
        try {
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16)
                    + "\"";
            return Optional.of(new Cached(raw, body, etag, ok.value().notAfter()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached(byte[] raw, byte[] body, String etag, Instant notAfter) {
    }
}
