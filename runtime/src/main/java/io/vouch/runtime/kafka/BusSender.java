package io.vouch.runtime.kafka;

import io.vertx.core.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends one keyed record and completes when Kafka acknowledged it. {@link BusProducer} is the real one; tests may
 * substitute their own.
 */
@FunctionalInterface
public interface BusSender {
    /** {@code key} may be null; {@code value} null is a tombstone. */
    Future<RecordMetadata> send(String topic, String key, byte[] value);
}
