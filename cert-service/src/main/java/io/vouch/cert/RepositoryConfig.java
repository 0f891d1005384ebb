package io.vouch.cert;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the HTTPS certificate repository (ATIS-1000080 STI-CR): the {@code cert.repository.*} keys declared
 * in {@link CertKeys}.
 */
public record RepositoryConfig(boolean enabled, String host, int port, Optional<String> certFile,
                               Optional<String> keyFile, long maxAgeSeconds, Duration grace, Optional<String> baseUrl) {
    public RepositoryConfig {
        CertConfig.range("cert.repository.https.port", port, 0, 65535);
        CertConfig.range("cert.repository.max.age.s", maxAgeSeconds, 86_400, 31_536_000);
        CertConfig.range("cert.repository.grace.s", grace.toSeconds(), 0, 31_536_000);
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
        Config k = CertKeys.DEF.parse(json);
        return new RepositoryConfig(k.getBoolean("cert.repository.enabled"),
                k.getString("cert.repository.https.host"),
                k.getInt("cert.repository.https.port"),
                k.optionalString("cert.repository.tls.cert.file"),
                k.optionalString("cert.repository.tls.key.file"),
                k.getLong("cert.repository.max.age.s"),
                Duration.ofSeconds(k.getLong("cert.repository.grace.s")),
                k.optionalString("cert.repository.base.url").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u));
    }
}
