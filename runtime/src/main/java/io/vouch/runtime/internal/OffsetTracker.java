package io.vouch.runtime.internal;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which polled offsets of each assigned partition are not finished yet, and so which offset may be committed: the
 * lowest unfinished offset, or one past the last polled when all are finished (at-least-once: nothing after a gap is
 * committed). Shared by the poll thread and the event loop, hence synchronized.
 *
 * <p>Each assignment of a partition gets a new epoch, so work from a previous ownership of the same partition cannot
 * complete offsets of the current one.
 */
public final class OffsetTracker {
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private long epochs;
    private int outstanding;

    private static final class PartitionState {
        final long epoch;
        final TreeSet<Long> pending = new TreeSet<>();
        final Set<Long> started = new HashSet<>();
        long next = -1;
        long committed = -1;
        boolean revoking;

        PartitionState(long epoch) {
            this.epoch = epoch;
        }

        long committable() {
            return pending.isEmpty() ? next : pending.first();
        }
    }

    /** Starts tracking a newly assigned partition; returns its epoch. */
    public synchronized long assign(TopicPartition tp) {
        PartitionState old = partitions.remove(tp);
        if (old != null) {
            outstanding -= old.pending.size();
        }
        long epoch = ++epochs;
        partitions.put(tp, new PartitionState(epoch));
        return epoch;
    }

    /** Records a polled offset as unfinished; returns the epoch to pass back, or -1 if the partition is unknown. */
    public synchronized long register(TopicPartition tp, long offset) {
        PartitionState s = partitions.get(tp);
        if (s == null) {
            return -1;
        }
        if (s.pending.add(offset)) {
            outstanding++;
        }
        s.next = Math.max(s.next, offset + 1);
        return s.epoch;
    }

    /** Marks work on an offset as begun; false if its partition was revoked (or is being revoked) since polling. */
    public synchronized boolean tryStart(TopicPartition tp, long epoch, long offset) {
        PartitionState s = current(tp, epoch);
        if (s == null || s.revoking || !s.pending.contains(offset)) {
            return false;
        }
        s.started.add(offset);
        return true;
    }

    /** Marks an offset finished (all outcomes acknowledged); ignored for a stale epoch. */
    public synchronized void complete(TopicPartition tp, long epoch, long offset) {
        PartitionState s = current(tp, epoch);
        if (s != null && s.pending.remove(offset)) {
            outstanding--;
            s.started.remove(offset);
        }
        notifyAll();
    }

    /** Gives up on a started offset without finishing it: it stays uncommitted and will be redelivered. */
    public synchronized void abandon(TopicPartition tp, long epoch, long offset) {
        PartitionState s = current(tp, epoch);
        if (s != null) {
            s.started.remove(offset);
        }
        notifyAll();
    }

    private PartitionState current(TopicPartition tp, long epoch) {
        PartitionState s = partitions.get(tp);
        return s != null && s.epoch == epoch ? s : null;
    }

    /** Stops new work on these partitions from starting. */
    public synchronized void beginRevoke(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            PartitionState s = partitions.get(tp);
            if (s != null) {
                s.revoking = true;
            }
        }
    }

    /** Waits until no started work remains on {@code tps} (null: all partitions) or the timeout passes. */
    public synchronized boolean awaitStarted(Collection<TopicPartition> tps, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (anyStarted(tps)) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private boolean anyStarted(Collection<TopicPartition> tps) {
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            if ((tps == null || tps.contains(e.getKey())) && !e.getValue().started.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Forgets partitions (revoked or lost); their unfinished offsets stay uncommitted. */
    public synchronized void remove(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            PartitionState s = partitions.remove(tp);
            if (s != null) {
                outstanding -= s.pending.size();
            }
        }
        notifyAll();
    }

    /**
     * Offsets to commit for {@code tps} (null: all) that moved since the last call, marking them as committed; call
     * {@link #commitFailed} if the commit does not succeed.
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> takeCommittable(Collection<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            if (tps != null && !tps.contains(e.getKey())) {
                continue;
            }
            PartitionState s = e.getValue();
            long c = s.committable();
            if (c >= 0 && c > s.committed) {
                s.committed = c;
                out.put(e.getKey(), new OffsetAndMetadata(c));
            }
        }
        return out;
    }

    /** Forgets that these offsets were committed so the next {@link #takeCommittable} offers them again. */
    public synchronized void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionState s = partitions.get(tp);
            if (s != null && s.committed == om.offset()) {
                s.committed = -1;
            }
        });
    }

    /** Unfinished records over all partitions (polled, not yet completed). */
    public synchronized int outstanding() {
        return outstanding;
    }

    /** Unfinished records of one partition. */
    public synchronized int outstanding(TopicPartition tp) {
        PartitionState s = partitions.get(tp);
        return s == null ? 0 : s.pending.size();
    }

    /** The partitions currently tracked. */
    public synchronized Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }
}
