package io.vouch.registrar;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code deliver.*} keys of the delivery stage (RFC 3261 §16 stateful proxy for non-INVITE requests to
 * registered users, RFC 3428 MESSAGE).
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><td>{@code deliver.methods}</td><td>methods delivered to registered contacts, default MESSAGE, NOTIFY,
 *       INFO</td></tr>
 *   <tr><td>{@code deliver.max.pending}</td><td>requests waiting for their contacts' answers at once; more get 503 +
 *       Retry-After, default 10000</td></tr>
 *   <tr><td>{@code deliver.timeout.ms}</td><td>longest wait for the contacts' final responses, default 32000 (Timer F
 *       at the default T1); never beyond the request's pipeline deadline</td></tr>
 *   <tr><td>{@code deliver.deadline.margin.ms}</td><td>how long before the edge's pipeline deadline the stage answers
 *       408 itself, default 250</td></tr>
 *   <tr><td>{@code deliver.completed.max}</td><td>answered requests remembered so a redelivered one is answered
 *       again instead of delivered twice, default 20000</td></tr>
 *   <tr><td>{@code deliver.completed.ttl.ms}</td><td>how long they are remembered, default 64000</td></tr>
 *   <tr><td>{@code deliver.from.must.match}</td><td>the From user must be the authenticated user (403 otherwise),
 *       default true</td></tr>
 *   <tr><td>{@code deliver.credentials.topic}</td><td>compacted credentials topic that tells known users (404 for
 *       others, 480 for known users without a binding); {@code none} answers 480 for every unbound AOR, default
 *       {@code vouch.credentials}</td></tr>
 * </table>
 */
public record DeliveryConfig(Set<String> methods, int maxPending, Duration timeout, Duration deadlineMargin,
                             int completedMax, Duration completedTtl, boolean fromMustMatch, String credentialsTopic) {
    public static final List<String> DEFAULT_METHODS = List.of("MESSAGE", "NOTIFY", "INFO");

    public DeliveryConfig {
        methods = Set.copyOf(methods);
        if (methods.contains("INVITE") || methods.contains("ACK") || methods.contains("CANCEL")
                || methods.contains("REGISTER")) {
            throw new IllegalArgumentException("deliver.methods may not list INVITE, ACK, CANCEL or REGISTER: "
                    + methods);
        }
        RegistrarConfig.requireRange("deliver.max.pending", maxPending, 1, 10_000_000);
        RegistrarConfig.requireRange("deliver.timeout.ms", timeout.toMillis(), 1, 3_600_000);
        RegistrarConfig.requireRange("deliver.deadline.margin.ms", deadlineMargin.toMillis(), 0, 60_000);
        RegistrarConfig.requireRange("deliver.completed.max", completedMax, 0, 10_000_000);
        RegistrarConfig.requireRange("deliver.completed.ttl.ms", completedTtl.toMillis(), 0, 3_600_000);
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
        return new DeliveryConfig(
                Set.copyOf(RegistrarConfig.list(json, "deliver.methods", DEFAULT_METHODS).stream()
                        .map(m -> m.toUpperCase(Locale.ROOT)).toList()),
                (int) RegistrarConfig.longValue(json, "deliver.max.pending", 10_000),
                Duration.ofMillis(RegistrarConfig.longValue(json, "deliver.timeout.ms", 32_000)),
                Duration.ofMillis(RegistrarConfig.longValue(json, "deliver.deadline.margin.ms", 250)),
                (int) RegistrarConfig.longValue(json, "deliver.completed.max", 20_000),
                Duration.ofMillis(RegistrarConfig.longValue(json, "deliver.completed.ttl.ms", 64_000)),
                RegistrarConfig.bool(json, "deliver.from.must.match", true),
                RegistrarConfig.string(json, "deliver.credentials.topic", "vouch.credentials"));
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
