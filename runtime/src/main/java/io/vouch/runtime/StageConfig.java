package io.vouch.runtime;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.ConfigModel;
import io.vouch.runtime.config.Validator;
import io.vouch.runtime.kafka.KafkaSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of one {@link StageVerticle}: the {@code stage.*} keys declared in {@link #DEF}, shared by every
 * service; a service's own {@code <service>.stage.<key>} overrides {@code stage.<key>} for it alone (e.g.
 * {@code registrar.stage.max.in.flight}). Kafka settings come from the {@code kafka.*} keys ({@link KafkaSettings}).
 */
public record StageConfig(String name, List<String> inputTopics, String groupId, KafkaSettings kafka, int maxInFlight,
                          Duration handlerTimeout, int maxAttempts, Duration retryBackoff, Duration retryBackoffMax,
                          Duration commitInterval, Duration shutdownDrain, boolean dropExpired) {
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(2);
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_SHUTDOWN_DRAIN = Duration.ofSeconds(5);

    /** The {@code stage.*} keys. */
    public static final ConfigDef DEF = ConfigDef.of("stage", "stage.", "Stage runtime, every service")
            .define("stage.name", Type.STRING, null, Validator.matching("[a-z0-9][a-z0-9._-]*",
                    "lower-case [a-z0-9._-]"), Importance.LOW,
                    "metric tag `stage` and thread names (fixed by each service)")
            .define("stage.input.topics", Type.LIST, null, Importance.LOW,
                    "topics the stage consumes (fixed by each service)")
            .define("stage.group.id", Type.STRING, null, Importance.LOW, "consumer group, default vouch-<name>")
            .define("stage.max.in.flight", Type.INT, DEFAULT_MAX_IN_FLIGHT, Validator.between(1, 100_000),
                    Importance.MEDIUM, "records handled concurrently")
            .define("stage.handler.timeout.ms", Type.LONG, DEFAULT_HANDLER_TIMEOUT.toMillis(),
                    Validator.between(1, 3_600_000), Importance.LOW,
                    "a handler future not done by then counts as a retriable failure")
            .define("stage.retry.max.attempts", Type.INT, DEFAULT_MAX_ATTEMPTS, Validator.between(1, 1000),
                    Importance.LOW, "attempts for retriable handler or produce failures")
            .define("stage.retry.backoff.ms", Type.LONG, DEFAULT_RETRY_BACKOFF.toMillis(),
                    Validator.between(1, 600_000), Importance.LOW, "first retry backoff (doubles per attempt)")
            .define("stage.retry.backoff.max.ms", Type.LONG, DEFAULT_RETRY_BACKOFF_MAX.toMillis(),
                    Validator.between(1, 3_600_000), Importance.LOW, "longest retry backoff")
            .define("stage.commit.interval.ms", Type.LONG, DEFAULT_COMMIT_INTERVAL.toMillis(),
                    Validator.between(1, 600_000), Importance.LOW, "how often completed offsets are committed")
            .define("stage.shutdown.drain.ms", Type.LONG, DEFAULT_SHUTDOWN_DRAIN.toMillis(),
                    Validator.between(0, 600_000), Importance.LOW,
                    "how long stop or revocation waits for running records")
            .define("stage.drop.expired", Type.BOOLEAN, true, Importance.LOW,
                    "drop events past their deadline without calling the handler (the edge has answered 503)");

    public StageConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(kafka, "kafka");
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("stage.name must be lower-case [a-z0-9._-]: " + name);
        }
        inputTopics = List.copyOf(inputTopics);
        if (inputTopics.isEmpty()) {
            throw new IllegalArgumentException("stage.input.topics must name at least one topic");
        }
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("stage.group.id must not be blank");
        }
        requireRange("stage.max.in.flight", maxInFlight, 1, 100_000);
        requireRange("stage.retry.max.attempts", maxAttempts, 1, 1000);
        requirePositive("stage.handler.timeout.ms", handlerTimeout);
        requirePositive("stage.retry.backoff.ms", retryBackoff);
        requirePositive("stage.retry.backoff.max.ms", retryBackoffMax);
        requirePositive("stage.commit.interval.ms", commitInterval);
        Objects.requireNonNull(shutdownDrain, "shutdownDrain");
        if (shutdownDrain.isNegative()) {
            throw new IllegalArgumentException("stage.shutdown.drain.ms must be >= 0");
        }
    }

    private static void requireRange(String key, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "]: " + v);
        }
    }

    private static void requirePositive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0: " + d.toMillis());
        }
    }

    /** Defaults for everything but the identity of the stage. */
    public static StageConfig of(String name, List<String> inputTopics, String groupId, KafkaSettings kafka) {
        return new StageConfig(name, inputTopics, groupId, kafka, DEFAULT_MAX_IN_FLIGHT, DEFAULT_HANDLER_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF, DEFAULT_RETRY_BACKOFF_MAX, DEFAULT_COMMIT_INTERVAL,
                DEFAULT_SHUTDOWN_DRAIN, true);
    }

    /** Reads every key from {@code json}; {@code stage.name} and {@code stage.input.topics} are required. */
    public static StageConfig from(JsonObject json) {
        String name = DEF.parse(json).optionalString("stage.name").orElseThrow(() ->
                new IllegalArgumentException("stage.name is required"));
        return from(json, name, List.of());
    }

    /**
     * Reads {@code json} for a service whose stage name is fixed by code; {@code stage.input.topics} defaults to
     * {@code defaultInputTopics} and {@code stage.group.id} to {@code vouch-<name>}; the service's
     * {@code <name>.stage.*} keys override the shared ones.
     */
    public static StageConfig from(JsonObject json, String name, List<String> defaultInputTopics) {
        Map<String, Object> flat = new LinkedHashMap<>(ConfigModel.of(DEF).read(json));
        String own = name + "." + DEF.prefix();
        new LinkedHashMap<>(flat).forEach((k, v) -> {
            if (k.startsWith(own)) {
                flat.put(k.substring(name.length() + 1), v);
            }
        });
        Config r = DEF.parse(flat);
        String stageName = r.optionalString("stage.name").orElse(name);
        List<String> topics = r.isSet("stage.input.topics") ? r.getList("stage.input.topics") : defaultInputTopics;
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("stage.input.topics is required");
        }
        return new StageConfig(stageName, topics,
                r.optionalString("stage.group.id").orElse("vouch-" + stageName),
                KafkaSettings.from(json),
                r.getInt("stage.max.in.flight"),
                Duration.ofMillis(r.getLong("stage.handler.timeout.ms")),
                r.getInt("stage.retry.max.attempts"),
                Duration.ofMillis(r.getLong("stage.retry.backoff.ms")),
                Duration.ofMillis(r.getLong("stage.retry.backoff.max.ms")),
                Duration.ofMillis(r.getLong("stage.commit.interval.ms")),
                Duration.ofMillis(r.getLong("stage.shutdown.drain.ms")),
                r.getBoolean("stage.drop.expired"));
    }

    public StageConfig withMaxInFlight(int n) {
        return new StageConfig(name, inputTopics, groupId, kafka, n, handlerTimeout, maxAttempts, retryBackoff,
                retryBackoffMax, commitInterval, shutdownDrain, dropExpired);
    }

    public StageConfig withHandlerTimeout(Duration d) {
        return new StageConfig(name, inputTopics, groupId, kafka, maxInFlight, d, maxAttempts, retryBackoff,
                retryBackoffMax, commitInterval, shutdownDrain, dropExpired);
    }

    public StageConfig withRetry(int attempts, Duration backoff, Duration backoffMax) {
        return new StageConfig(name, inputTopics, groupId, kafka, maxInFlight, handlerTimeout, attempts, backoff,
                backoffMax, commitInterval, shutdownDrain, dropExpired);
    }

    public StageConfig withShutdownDrain(Duration d) {
        return new StageConfig(name, inputTopics, groupId, kafka, maxInFlight, handlerTimeout, maxAttempts,
                retryBackoff, retryBackoffMax, commitInterval, d, dropExpired);
    }

    public StageConfig withDropExpired(boolean drop) {
        return new StageConfig(name, inputTopics, groupId, kafka, maxInFlight, handlerTimeout, maxAttempts,
                retryBackoff, retryBackoffMax, commitInterval, shutdownDrain, drop);
    }
}
