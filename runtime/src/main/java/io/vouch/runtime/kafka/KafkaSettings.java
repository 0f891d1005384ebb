package io.vouch.runtime.kafka;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How every Vouch process reaches Kafka: bootstrap servers plus passthrough client properties.
 *
 * <p>Configuration keys (flat dotted keys, or the same nested as JSON objects):
 * <ul>
 *   <li>{@code kafka.bootstrap.servers} (required) — comma-separated {@code host:port} list;</li>
 *   <li>{@code kafka.producer.<prop>}, {@code kafka.consumer.<prop>}, {@code kafka.admin.<prop>} — passed to that
 *       client only (e.g. {@code kafka.producer.linger.ms});</li>
 *   <li>any other {@code kafka.<prop>} — passed to every client (e.g. {@code kafka.security.protocol},
 *       {@code kafka.ssl.truststore.location}, {@code kafka.sasl.jaas.config}).</li>
 * </ul>
 * {@link #extra()} holds those keys without the {@code kafka.} prefix ({@code producer.linger.ms},
 * {@code security.protocol}).
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> extra) {
    public static final String BOOTSTRAP_KEY = "kafka.bootstrap.servers";
    private static final String PREFIX = "kafka.";
    private static final String PRODUCER = "producer.";
    private static final String CONSUMER = "consumer.";
    private static final String ADMIN = "admin.";
    /** The {@code kafka.*} keys: the bootstrap servers and pass-through client properties. */
    public static final ConfigDef DEF = ConfigDef.of("kafka", PREFIX, "Kafka clients")
            .define(BOOTSTRAP_KEY, Type.STRING, null, Importance.HIGH,
                    "host:port[,host:port...] of the cluster (`vouch run` sets it to the embedded broker)")
            .family(PREFIX + PRODUCER, "passed to the producer only (e.g. kafka.producer.linger.ms)")
            .family(PREFIX + CONSUMER, "passed to consumers only (e.g. kafka.consumer.session.timeout.ms; "
                    + "kafka.consumer.group.instance.id empty = join stage groups dynamically)")
            .family(PREFIX + ADMIN, "passed to the admin client only")
            .family(PREFIX, "any other kafka.<property> is passed to every client (e.g. kafka.security.protocol)");
    /** Default producer linger: small, so a lone SIP event is not held back. */
    public static final String DEFAULT_LINGER_MS = "1";

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(BOOTSTRAP_KEY + " must not be blank");
        }
        extra = Map.copyOf(extra);
    }

    /** Settings with no passthrough properties. */
    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** Reads the {@code kafka.*} keys of a configuration; fails naming the key when one is missing or bad. */
    public static KafkaSettings from(JsonObject config) {
        Config c = DEF.parse(config);
        String bootstrap = c.optionalString(BOOTSTRAP_KEY).orElseThrow(() -> new IllegalArgumentException(
                BOOTSTRAP_KEY + " is required (host:port[,host:port...])"));
        return new KafkaSettings(bootstrap.trim(), new TreeMap<>(c.family(PREFIX)));
    }

    /** Returns a copy with one more passthrough property ({@code key} without the {@code kafka.} prefix). */
    public KafkaSettings with(String key, String value) {
        Map<String, String> m = new TreeMap<>(extra);
        m.put(key, value);
        return new KafkaSettings(bootstrapServers, m);
    }

    /**
     * Returns a copy whose producer gives up on a record after {@code deadlineMs} (the pipeline deadline of the
     * requests it carries): {@code delivery.timeout.ms} and {@code max.block.ms} become {@code deadlineMs} and
     * {@code request.timeout.ms} what is left after the linger, so a record buffered while the broker is away expires
     * instead of being delivered long after its request was answered. Keys set explicitly are kept.
     */
    public KafkaSettings withProducerDeadline(long deadlineMs) {
        if (deadlineMs < 1) {
            throw new IllegalArgumentException("producer deadline must be positive: " + deadlineMs);
        }
        Map<String, String> m = new TreeMap<>(extra);
        boolean deliverySet = isSet("delivery.timeout.ms");
        if (!deliverySet) {
            m.put(PRODUCER + "delivery.timeout.ms", Long.toString(deadlineMs));
            if (!isSet("request.timeout.ms")) {
                long linger = Long.parseLong(producerConfig().getOrDefault("linger.ms", DEFAULT_LINGER_MS).trim());
                m.put(PRODUCER + "request.timeout.ms", Long.toString(Math.max(1, deadlineMs - linger)));
            }
        }
        if (!isSet("max.block.ms")) {
            m.put(PRODUCER + "max.block.ms", Long.toString(deadlineMs));
        }
        return new KafkaSettings(bootstrapServers, m);
    }

    private boolean isSet(String producerKey) {
        return extra.containsKey(PRODUCER + producerKey) || extra.containsKey(producerKey);
    }

    /** Producer properties: idempotent, {@code acks=all}, small linger, byte-array serializers, then overrides. */
    public Map<String, String> producerConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("enable.idempotence", "true");
        c.put("acks", "all");
        c.put("linger.ms", DEFAULT_LINGER_MS);
        c.put("max.in.flight.requests.per.connection", "5");
        c.put("key.serializer", ByteArraySerializer.class.getName());
        c.put("value.serializer", ByteArraySerializer.class.getName());
        putCommon(c);
        putPrefixed(PRODUCER, c);
        // ordering and exactly-once-per-partition delivery depend on these; passthrough may not weaken them
        c.put("enable.idempotence", "true");
        c.put("acks", "all");
        return c;
    }

    /** Consumer properties for {@code groupId} (null for a group-less, assign-only consumer): no auto commit. */
    public Map<String, String> consumerConfig(String groupId) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("auto.offset.reset", "earliest");
        c.put("key.deserializer", ByteArrayDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        putCommon(c);
        putPrefixed(CONSUMER, c);
        c.put("enable.auto.commit", "false");
        if (groupId != null) {
            c.put("group.id", groupId);
        } else {
            c.remove("group.id");
            c.remove("group.instance.id");
            c.remove("group.protocol");
        }
        return c;
    }

    /** Admin client properties. */
    public Map<String, String> adminConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        putCommon(c);
        putPrefixed(ADMIN, c);
        return c;
    }

    private void putCommon(Map<String, String> c) {
        extra.forEach((k, v) -> {
            if (!k.startsWith(PRODUCER) && !k.startsWith(CONSUMER) && !k.startsWith(ADMIN)) {
                c.put(k, v);
            }
        });
    }

    private void putPrefixed(String prefix, Map<String, String> c) {
        extra.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                c.put(k.substring(prefix.length()), v);
            }
        });
    }

    /** Redacts passwords, keys and JAAS configuration so settings can be logged. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        extra.forEach((k, v) -> shown.put(k, isSecret(k) ? "[redacted]" : v));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", extra=" + shown + "]";
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.endsWith(".key") || k.contains("secret")
                || k.contains("token");
    }

    /** Converts one of the config maps to the {@code Map<String,Object>} Kafka client constructors take. */
    public static Map<String, Object> asProperties(Map<String, String> config) {
        return new LinkedHashMap<>(config);
    }
}
