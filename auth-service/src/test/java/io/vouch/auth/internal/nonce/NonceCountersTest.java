package io.vouch.auth.internal.nonce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vouch.auth.internal.nonce.NonceCounters.Result;
import org.junit.jupiter.api.Test;

class NonceCountersTest {
    private static final long TTL = 60_000;

    @Test
    void acceptsStrictlyIncreasingCountsAndRejectsRepeatsAndDecreases() {
        NonceCounters c = new NonceCounters(10, 4, TTL);
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n1", 1000, 1, "a", 1000));
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n1", 1000, 3, "b", 1000));
        assertEquals(Result.REPLAY, c.use("r/alice", "n1", 1000, 3, "c", 1000));
        assertEquals(Result.REPLAY, c.use("r/alice", "n1", 1000, 2, "d", 1000));
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n1", 1000, 4, "e", 1000));
    }

    @Test
    void treatsTheSameRequestAgainAsARedeliveryNotAReplay() {
        NonceCounters c = new NonceCounters(10, 4, TTL);
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n1", 1000, 1, "same", 1000));
        assertEquals(Result.REDELIVERED, c.use("r/alice", "n1", 1000, 1, "same", 1000));
        assertEquals(Result.REPLAY, c.use("r/alice", "n1", 1000, 1, "other", 1000));
    }

    @Test
    void keepsCountsPerNonceAndPerUser() {
        NonceCounters c = new NonceCounters(10, 4, TTL);
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n1", 1000, 5, "a", 1000));
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n2", 1000, 1, "a", 1000));
        assertEquals(Result.ACCEPTED, c.use("r/bob", "n1", 1000, 1, "a", 1000));
    }

    @Test
    void answersForgottenForNoncesOfEvictedUsersInsteadOfAcceptingThemAfresh() {
        NonceCounters c = new NonceCounters(2, 4, TTL);
        assertEquals(Result.ACCEPTED, c.use("r/alice", "na", 1000, 1, "a", 1000));
        assertEquals(Result.ACCEPTED, c.use("r/bob", "nb", 1100, 1, "a", 1100));
        assertEquals(Result.ACCEPTED, c.use("r/carol", "nc", 1200, 1, "a", 1200));
        assertEquals(2, c.size());
        // alice was evicted: her nonce might be replayed with nc=1 again, so it must not count as new
        assertEquals(Result.FORGOTTEN, c.use("r/alice", "na", 1000, 1, "a", 1300));
        // a nonce issued after everything forgotten is fine
        assertEquals(Result.ACCEPTED, c.use("r/alice", "fresh", 1300, 1, "a", 1300));
    }

    @Test
    void boundsTheNoncesKeptPerUserAndForgetsTheOldest() {
        NonceCounters c = new NonceCounters(10, 2, TTL);
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n1", 1000, 1, "a", 1000));
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n2", 1100, 1, "a", 1100));
        assertEquals(Result.ACCEPTED, c.use("r/alice", "n3", 1200, 1, "a", 1200));
        assertEquals(Result.FORGOTTEN, c.use("r/alice", "n1", 1000, 1, "a", 1300));
        assertEquals(Result.REPLAY, c.use("r/alice", "n3", 1200, 1, "b", 1300));
    }
}
