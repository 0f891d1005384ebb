package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransactionTableTest {
    private static final byte[] OK = "SIP/2.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void inFlightTransactionIsFoundUntilCompleted() {
        var table = new TransactionTable<String>(10, 10);
        table.begin("t1", "ctx", 0);
        var state = table.lookup("t1", 1).orElseThrow();
        assertEquals("ctx", assertInstanceOf(TransactionTable.InFlight.class, state).context());

        assertTrue(table.complete("t1", OK, 200, 5, 100).isPresent());
        var done = assertInstanceOf(TransactionTable.Completed.class, table.lookup("t1", 6).orElseThrow());
        assertArrayEquals(OK, done.response());
        assertEquals(0, table.inFlightCount());
    }

    @Test
    void completedResponseExpiresAfterKeepTime() {
        var table = new TransactionTable<String>(10, 10);
        table.begin("t1", "ctx", 0);
        table.complete("t1", OK, 200, 0, 100);
        assertTrue(table.lookup("t1", 99).isPresent());
        assertTrue(table.lookup("t1", 100).isEmpty());
    }

    @Test
    void secondCompletionOfSameTransactionIsIgnored() {
        var table = new TransactionTable<String>(10, 10);
        table.begin("t1", "ctx", 0);
        assertTrue(table.complete("t1", OK, 200, 0, 100).isPresent());
        assertFalse(table.complete("t1", OK, 503, 1, 100).isPresent(), "a late pipeline reply after the 503");
        assertEquals(200, ((TransactionTable.Completed<?>) table.lookup("t1", 2).orElseThrow()).status());
    }

    @Test
    void capacityIsBoundedByMaxInFlight() {
        var table = new TransactionTable<String>(2, 10);
        table.begin("a", "x", 0);
        assertTrue(table.hasCapacity());
        table.begin("b", "x", 0);
        assertFalse(table.hasCapacity());
        table.complete("a", OK, 200, 0, 10);
        assertTrue(table.hasCapacity());
    }

    @Test
    void completedEntriesAreBoundedOldestFirst() {
        var table = new TransactionTable<String>(100, 3);
        for (int i = 0; i < 5; i++) {
            table.begin("t" + i, "x", i);
            table.complete("t" + i, OK, 200, i, 1_000);
        }
        assertEquals(3, table.completedCount());
        assertTrue(table.lookup("t0", 10).isEmpty());
        assertTrue(table.lookup("t4", 10).isPresent());
    }

    @Test
    void expireDropsOnlyElapsedEntries() {
        var table = new TransactionTable<String>(100, 100);
        for (int i = 0; i < 4; i++) {
            table.begin("t" + i, "x", i * 10L);
            table.complete("t" + i, OK, 200, i * 10L, 15);
        }
        table.expire(30);
        assertEquals(2, table.completedCount());
    }
}
