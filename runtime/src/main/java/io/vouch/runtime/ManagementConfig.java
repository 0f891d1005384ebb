package io.vouch.runtime;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;

import java.time.Duration;
import java.util.Objects;

/** Where the management HTTP server ({@code /metrics}, {@code /health}) listens: the {@code management.*} keys. */
public record ManagementConfig(String host, int port, Duration healthTimeout) {
    public static final int DEFAULT_PORT = 9464;

    /** The {@code management.*} keys. */
    public static final ConfigDef DEF = ConfigDef.of("management", "management.", "Management HTTP server")
            .define("management.host", Type.STRING, "0.0.0.0", Importance.MEDIUM,
                    "listen address of /metrics and /health (`vouch run` uses 127.0.0.1)")
            .define("management.port", Type.INT, DEFAULT_PORT, Validator.between(0, 65535), Importance.HIGH,
                    "listen port (0 picks a free port)")
            .define("management.health.timeout.ms", Type.LONG, 2000L, Validator.between(1, 60_000), Importance.LOW,
                    "a health check slower than this counts as down");

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
        Config r = DEF.parse(json);
        return new ManagementConfig(r.getString("management.host"), r.getInt("management.port"),
                Duration.ofMillis(r.getLong("management.health.timeout.ms")));
    }
}
