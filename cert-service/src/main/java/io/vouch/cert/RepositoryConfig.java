package io.vouch.cert;

import io.vertx.core.json.JsonObject;
import io.vouch.cert.internal.Keys;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the HTTPS certificate repository (ATIS-1000080 STI-CR).
 *
 * <table>
 *   <caption>Keys read by {@link #from(JsonObject)}</caption>
 *   <tr><td>{@code cert.repository.enabled}</td><td>serve the repository from this process, default true</td></tr>
 *   <tr><td>{@code cert.repository.https.host}</td><td>listen address, default 127.0.0.1</td></tr>
 *   <tr><td>{@code cert.repository.https.port}</td><td>listen port (0: any free port), default 8443</td></tr>
 *   <tr><td>{@code cert.repository.tls.cert.file}</td><td>PEM certificate chain of the HTTPS server; required
 *       when enabled (the embedded mode uses the development TLS certificate)</td></tr>
 *   <tr><td>{@code cert.repository.tls.key.file}</td><td>PEM (PKCS#8) private key of the HTTPS server</td></tr>
 *   <tr><td>{@code cert.repository.max.age.s}</td><td>Cache-Control max-age of served chains, at least 86400
 *       (ATIS-1000074 caching guidance), default 86400</td></tr>
 *   <tr><td>{@code cert.repository.grace.s}</td><td>how long after the leaf's notAfter a chain is still served,
 *       default 86400</td></tr>
 *   <tr><td>{@code cert.repository.base.url}</td><td>the public https URL prefix printed by {@code vouch certs} and
 *       used in Identity-Info, default https://&lt;host&gt;:&lt;port&gt;</td></tr>
 * </table>
 */
public record RepositoryConfig(boolean enabled, String host, int port, Optional<String> certFile,
                               Optional<String> keyFile, long maxAgeSeconds, Duration grace, Optional<String> baseUrl) {
    public RepositoryConfig {
        Keys.range("cert.repository.https.port", port, 0, 65535);
        Keys.range("cert.repository.max.age.s", maxAgeSeconds, 86_400, 31_536_000);
        Keys.range("cert.repository.grace.s", grace.toSeconds(), 0, 31_536_000);
        if (enabled && (certFile.isEmpty() || keyFile.isEmpty())) {
            throw new IllegalArgumentException("cert.repository.tls.cert.file and cert.repository.tls.key.file are "
                    + "required when cert.repository.enabled is true (the repository is HTTPS only)");
        }
        baseUrl.ifPresent(u -> {
            if (!u.startsWith("https://")) {
                throw new IllegalArgumentException("cert.repository.base.url must be an https URL: " + u);
            }
        });
    }

    public static RepositoryConfig from(JsonObject json) {
        Keys k = new Keys(json);
        return new RepositoryConfig(k.bool("cert.repository.enabled", true),
                k.string("cert.repository.https.host", "127.0.0.1"),
                (int) k.longValue("cert.repository.https.port", 8443),
                Optional.ofNullable(json.getValue("cert.repository.tls.cert.file")).map(Object::toString),
                Optional.ofNullable(json.getValue("cert.repository.tls.key.file")).map(Object::toString),
                k.longValue("cert.repository.max.age.s", 86_400),
                Duration.ofSeconds(k.longValue("cert.repository.grace.s", 86_400)),
                Optional.ofNullable(json.getValue("cert.repository.base.url")).map(Object::toString)
                        .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u));
    }
}
