package io.vouch.runtime;

import io.vertx.core.Future;

import java.util.Set;

/**
 * Hook for partition-owned state (e.g. registrar bindings in a compacted topic co-partitioned with the input): the
 * stage hands no record of a newly assigned partition to its handler until {@link #onAssigned}'s future completes
 * (those partitions stay paused meanwhile; a failed future is retried with backoff). Both methods run on the stage's
 * event loop. With several input topics the sets are the union of their partition numbers.
 */
public interface PartitionStateListener {
    /** Load the state of {@code partitions}; records of them flow once the returned future succeeds. */
    Future<Void> onAssigned(Set<Integer> partitions);

    /** Forget the state of {@code partitions}: another replica owns them now (offsets of finished work committed). */
    void onRevoked(Set<Integer> partitions);
}
