package io.vouch.registrar;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Configuration of the delivery stage (RFC 3261 §16 stateful proxy for non-INVITE requests to registered users,
 * RFC 3428 MESSAGE): the {@code deliver.*} keys declared in {@link #DEF}.
 */
public record DeliveryConfig(Set<String> methods, int maxPending, Duration timeout, Duration deadlineMargin,
                             int completedMax, Duration completedTtl, boolean fromMustMatch, String credentialsTopic) {
    public static final List<String> DEFAULT_METHODS = List.of("MESSAGE", "NOTIFY", "INFO");
    private static final Set<String> NEVER = Set.of("INVITE", "ACK", "CANCEL", "REGISTER");

    /** Every {@code deliver.*} key. */
    public static final ConfigDef DEF = ConfigDef.of("deliver", "deliver.", "Delivery stage (registrar-service)")
            .define("deliver.methods", Type.LIST, DEFAULT_METHODS, Validator.of("methods other than INVITE, ACK, "
                    + "CANCEL and REGISTER", v -> v instanceof List<?> l && !l.isEmpty() && l.stream()
                    .noneMatch(m -> NEVER.contains(m.toString().trim().toUpperCase(Locale.ROOT)))),
                    Importance.LOW, "methods delivered to every registered contact of the target")
            .define("deliver.max.pending", Type.INT, 10_000, Validator.between(1, 10_000_000), Importance.MEDIUM,
                    "requests waiting for their contacts at once; more get 503 with Retry-After")
            .define("deliver.timeout.ms", Type.LONG, 32_000L, Validator.between(1, 3_600_000), Importance.LOW,
                    "longest wait for the contacts' final responses, never past the request's pipeline deadline")
            .define("deliver.deadline.margin.ms", Type.LONG, 250L, Validator.between(0, 60_000), Importance.LOW,
                    "the stage answers 408 this long before the edge's pipeline deadline")
            .define("deliver.completed.max", Type.INT, 20_000, Validator.between(0, 10_000_000), Importance.LOW,
                    "answered requests remembered so a redelivered one is answered again, not delivered twice")
            .define("deliver.completed.ttl.ms", Type.LONG, 64_000L, Validator.between(0, 3_600_000),
                    Importance.LOW, "how long answered requests are remembered")
            .define("deliver.from.must.match", Type.BOOLEAN, true, Importance.MEDIUM,
                    "the From user must be the authenticated digest user (403 otherwise)")
            .define("deliver.credentials.topic", Type.STRING, "vouch.credentials", Importance.LOW,
                    "compacted credentials topic telling known users (480 when unbound) from unknown ones (404); "
                            + "none: 480 for every unbound AOR");

    public DeliveryConfig {
        methods = Set.copyOf(methods);
        for (String m : methods) {
            if (NEVER.contains(m)) {
                throw new IllegalArgumentException("deliver.methods may not list " + m);
            }
        }
        if (credentialsTopic.isEmpty()) {
            throw new IllegalArgumentException("deliver.credentials.topic must name a topic or be none");
        }
    }

    /** Every key at its default. */
    public static DeliveryConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the {@code deliver.*} keys of {@code json}; a bad value throws IllegalArgumentException naming its key. */
    public static DeliveryConfig from(JsonObject json) {
        Config c = DEF.parse(json);
        return new DeliveryConfig(
                Set.copyOf(c.getList("deliver.methods").stream().map(m -> m.toUpperCase(Locale.ROOT)).toList()),
                c.getInt("deliver.max.pending"),
                Duration.ofMillis(c.getLong("deliver.timeout.ms")),
                Duration.ofMillis(c.getLong("deliver.deadline.margin.ms")),
                c.getInt("deliver.completed.max"),
                Duration.ofMillis(c.getLong("deliver.completed.ttl.ms")),
                c.getBoolean("deliver.from.must.match"),
                c.getString("deliver.credentials.topic"));
    }

    /** Whether unknown users are told apart from known unregistered ones (a credentials topic is configured). */
    public boolean knowsUsers() {
        return !credentialsTopic.equals("none");
    }

    /** A copy with other pending limits (tests). */
    public DeliveryConfig withPending(int max, Duration wait) {
        return new DeliveryConfig(methods, max, wait, deadlineMargin, completedMax, completedTtl, fromMustMatch,
                credentialsTopic);
    }
}
