package io.vouch.runtime;

import java.util.Objects;

/** The result of one {@link HealthCheck}: up or down, with a short human-readable detail. */
public record HealthStatus(boolean up, String detail) {
    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }

    public static HealthStatus up(String detail) {
        return new HealthStatus(true, detail);
    }

    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail);
    }
}
