package io.vouch.runtime;

import io.vertx.core.Future;

import java.util.List;

/**
 * The one thing a service supplies: what to do with one stage record. Called on the stage verticle's event loop; it
 * must not block. The same record may be handled more than once (at-least-once delivery), so handling must be
 * idempotent: same transaction in, same outcomes out.
 *
 * <p>A failed future whose cause is a {@link RetriableStageException} (or a Kafka retriable exception) is retried
 * with backoff; any other failure, a thrown exception or a timeout-exhausted retry drops the record, logged and
 * counted.
 */
@FunctionalInterface
public interface StageHandler {
    /** Returns the outcomes to produce for {@code record}, in order; an empty list consumes it silently. */
    Future<List<Outcome>> handle(StageRecord record);

    /**
     * Runs the side-effect-free part of handling on a synthetic record ({@link io.vouch.runtime.kafka.WarmupRecords})
     * so the first real traffic meets compiled code: no state may change, nothing is produced, nothing is answered.
     * By default nothing.
     */
    default void warmUp(StageRecord record) {
    }
}
