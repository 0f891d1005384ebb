package io.vouch.runtime;

import io.vouch.proto.SipEvent;

import java.util.Objects;

/**
 * One decoded record of a stage's input topic: where it came from (for logs and idempotence keys) and the
 * {@link SipEvent} it carries. {@code key} may be null for unkeyed records.
 */
public record StageRecord(String topic, int partition, long offset, String key, SipEvent event, long timestampMs) {
    public StageRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
    }
}
