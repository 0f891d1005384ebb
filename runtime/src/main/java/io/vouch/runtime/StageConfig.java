package io.vouch.runtime;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.internal.ConfigReader;
import io.vouch.runtime.kafka.KafkaSettings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of one {@link StageVerticle}.
 *
 * <table>
 *   <caption>Keys read by {@link #from(JsonObject)}</caption>
 *   <tr><td>{@code stage.name}</td><td>metric tag {@code stage} and thread names (required unless given)</td></tr>
 *   <tr><td>{@code stage.input.topics}</td><td>array or comma list (required unless given)</td></tr>
 *   <tr><td>{@code stage.group.id}</td><td>consumer group, default {@code vouch-<name>}</td></tr>
 *   <tr><td>{@code stage.max.in.flight}</td><td>records handled concurrently, default 256</td></tr>
 *   <tr><td>{@code stage.handler.timeout.ms}</td><td>a handler future not done by then counts as a retriable
 *       failure, default 10000</td></tr>
 *   <tr><td>{@code stage.retry.max.attempts}</td><td>attempts for retriable handler or produce failures,
 *       default 5</td></tr>
 *   <tr><td>{@code stage.retry.backoff.ms} / {@code stage.retry.backoff.max.ms}</td><td>exponential backoff,
 *       default 100 / 2000</td></tr>
 *   <tr><td>{@code stage.commit.interval.ms}</td><td>how often completed offsets are committed, default 100</td></tr>
 *   <tr><td>{@code stage.shutdown.drain.ms}</td><td>how long stop/revocation waits for running records,
 *       default 5000</td></tr>
 *   <tr><td>{@code stage.drop.expired}</td><td>drop events past their {@code deadline_epoch_millis} without calling
 *       the handler (the edge has answered 503), default true</td></tr>
 *   <tr><td>{@code kafka.*}</td><td>see {@link KafkaSettings}</td></tr>
 * </table>
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
        ConfigReader r = new ConfigReader(json);
        return from(json, r.requiredString("stage.name"), List.of());
    }

    /**
     * Reads {@code json} for a service whose stage name is fixed by code; {@code stage.input.topics} defaults to
     * {@code defaultInputTopics} and {@code stage.group.id} to {@code vouch-<name>}.
     */
    public static StageConfig from(JsonObject json, String name, List<String> defaultInputTopics) {
        ConfigReader r = new ConfigReader(json);
        String stageName = r.string("stage.name", name);
        List<String> topics = r.list("stage.input.topics", defaultInputTopics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("stage.input.topics is required");
        }
        return new StageConfig(stageName, topics,
                r.string("stage.group.id", "vouch-" + stageName),
                KafkaSettings.from(json),
                r.integer("stage.max.in.flight", DEFAULT_MAX_IN_FLIGHT, 1, 100_000),
                r.millis("stage.handler.timeout.ms", DEFAULT_HANDLER_TIMEOUT, 1, 3_600_000),
                r.integer("stage.retry.max.attempts", DEFAULT_MAX_ATTEMPTS, 1, 1000),
                r.millis("stage.retry.backoff.ms", DEFAULT_RETRY_BACKOFF, 1, 600_000),
                r.millis("stage.retry.backoff.max.ms", DEFAULT_RETRY_BACKOFF_MAX, 1, 3_600_000),
                r.millis("stage.commit.interval.ms", DEFAULT_COMMIT_INTERVAL, 1, 600_000),
                r.millis("stage.shutdown.drain.ms", DEFAULT_SHUTDOWN_DRAIN, 0, 600_000),
                r.bool("stage.drop.expired", true));
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
