package io.vouch.runtime.internal;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetTrackerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void offersTheLowestUnfinishedOffsetAndEachOffsetOnlyOnce() {
        OffsetTracker t = new OffsetTracker();
        long epoch = t.assign(TP);
        for (long o = 10; o < 14; o++) {
            t.register(TP, o);
        }
        assertEquals(Map.of(TP, new OffsetAndMetadata(10)), t.takeCommittable(null));
        t.complete(TP, epoch, 11);
        t.complete(TP, epoch, 12);
        assertTrue(t.takeCommittable(null).isEmpty(), "10 still unfinished: nothing moved");
        t.complete(TP, epoch, 10);
        assertEquals(Map.of(TP, new OffsetAndMetadata(13)), t.takeCommittable(null));
        t.complete(TP, epoch, 13);
        assertEquals(Map.of(TP, new OffsetAndMetadata(14)), t.takeCommittable(List.of(TP)));
        assertEquals(0, t.outstanding());
    }

    @Test
    void offersAFailedCommitAgain() {
        OffsetTracker t = new OffsetTracker();
        long epoch = t.assign(TP);
        t.register(TP, 0);
        t.complete(TP, epoch, 0);
        Map<TopicPartition, OffsetAndMetadata> first = t.takeCommittable(null);
        t.commitFailed(first);
        assertEquals(first, t.takeCommittable(null));
    }

    @Test
    void ignoresWorkFromAnEarlierAssignmentOfThePartition() {
        OffsetTracker t = new OffsetTracker();
        long old = t.assign(TP);
        t.register(TP, 5);
        assertTrue(t.tryStart(TP, old, 5));
        long current = t.assign(TP);
        t.register(TP, 5);
        t.complete(TP, old, 5);
        assertEquals(1, t.outstanding(), "a stale completion must not finish the new owner's offset");
        assertFalse(t.tryStart(TP, old, 5));
        assertTrue(t.tryStart(TP, current, 5));
    }

    @Test
    void refusesToStartWorkOnARevokingPartitionAndForgetsItOnRemoval() throws Exception {
        OffsetTracker t = new OffsetTracker();
        long epoch = t.assign(TP);
        t.register(TP, 0);
        t.register(TP, 1);
        assertTrue(t.tryStart(TP, epoch, 0));
        t.beginRevoke(List.of(TP));
        assertFalse(t.tryStart(TP, epoch, 1));
        assertFalse(t.awaitStarted(List.of(TP), 20), "offset 0 is still running");
        t.complete(TP, epoch, 0);
        assertTrue(t.awaitStarted(List.of(TP), 20));
        t.remove(List.of(TP));
        assertEquals(0, t.outstanding());
        assertTrue(t.partitions().isEmpty());
    }
}
