package io.vouch.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TnAuthListTest {
    @Test
    void roundTripsThroughACertificateExtension() {
        TnAuthList list = new TnAuthList(List.of("709J"), List.of("12155551212"),
                List.of(new TnAuthList.Range("12155550000", 100)));
        TestPki pki = new TestPki(Instant.now());
        TestPki.Leaf leaf = pki.leaf("x", list);
        assertEquals(Optional.of(list), TnAuthList.from(leaf.cert()));
        assertEquals(Optional.empty(), TnAuthList.from(pki.intermediate));
    }

    @Test
    void coversSingleNumbersAndRangesOfTheSameLength() {
        TnAuthList list = new TnAuthList(List.of(), List.of("12155551212"),
                List.of(new TnAuthList.Range("12155550000", 100)));
        assertTrue(list.coversTn("12155551212"));
        assertTrue(list.coversTn("12155550000"));
        assertTrue(list.coversTn("12155550099"));
        assertFalse(list.coversTn("12155550100"));
        assertFalse(list.coversTn("1215555000"));
    }

    @Test
    void rejectsEntriesThatAreNotContextTaggedAndEmptyRangeLists() {
        // found by TnAuthListFuzzTest: [APPLICATION 1] with an empty body read as an empty range list, which
        // authorized nothing yet parsed; RFC 8226 TNEntry tags are context-specific, RFC 9118 ranges SIZE (1..MAX)
        assertEquals(Optional.empty(), TnAuthList.parse(new byte[] {0x30, 0x02, 0x61, 0x00}));
        assertEquals(Optional.empty(), TnAuthList.parse(new byte[] {0x30, 0x04, (byte) 0xa1, 0x02, 0x30, 0x00}));
    }

    @Test
    void rejectsMalformedDer() {
        assertEquals(Optional.empty(), TnAuthList.parse(new byte[] {0x30, 0x00}));
        assertEquals(Optional.empty(), TnAuthList.parse(new byte[] {0x30, 0x03, (byte) 0xa2, 0x01, 0x16}));
        assertEquals(Optional.empty(), TnAuthList.parse(new byte[] {0x01}));
    }
}
