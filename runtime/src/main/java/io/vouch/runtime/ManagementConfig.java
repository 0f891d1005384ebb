package io.vouch.runtime;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.internal.ConfigReader;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the management HTTP server listens. Keys: {@code management.host} (default {@code 0.0.0.0}, so Prometheus
 * can scrape a container), {@code management.port} (default 9464; 0 picks a free port),
 * {@code management.health.timeout.ms} (a check slower than this is down, default 2000).
 */
public record ManagementConfig(String host, int port, Duration healthTimeout) {
    public static final int DEFAULT_PORT = 9464;

    public ManagementConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("management.port must be in [0, 65535]: " + port);
        }
        if (healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw new IllegalArgumentException("management.health.timeout.ms must be > 0");
        }
    }

    public static ManagementConfig defaults() {
        return new ManagementConfig("0.0.0.0", DEFAULT_PORT, Duration.ofSeconds(2));
    }

    public static ManagementConfig from(JsonObject json) {
        ConfigReader r = new ConfigReader(json);
        return new ManagementConfig(r.string("management.host", "0.0.0.0"),
                r.integer("management.port", DEFAULT_PORT, 0, 65535),
                r.millis("management.health.timeout.ms", Duration.ofSeconds(2), 1, 60_000));
    }
}
