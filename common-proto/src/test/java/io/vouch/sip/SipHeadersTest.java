package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SipHeadersTest {

    @Test
    void expandsEveryCompactFormToTheRegisteredName() {
        Map<String, String> compact = Map.ofEntries(
            Map.entry("i", "Call-ID"), Map.entry("m", "Contact"), Map.entry("e", "Content-Encoding"),
            Map.entry("l", "Content-Length"), Map.entry("c", "Content-Type"), Map.entry("f", "From"),
            Map.entry("s", "Subject"), Map.entry("k", "Supported"), Map.entry("t", "To"), Map.entry("v", "Via"),
            Map.entry("o", "Event"), Map.entry("u", "Allow-Events"), Map.entry("r", "Refer-To"),
            Map.entry("b", "Referred-By"), Map.entry("x", "Session-Expires"), Map.entry("y", "Identity"));
        compact.forEach((letter, full) -> {
            SipHeaders h = SipHeaders.builder().add(letter.toUpperCase(), "x").build();
            assertEquals(full, h.name(0), letter);
            assertEquals(Optional.of("x"), h.first(full));
            assertEquals(Optional.of("x"), h.first(letter));
        });
    }

    @Test
    void matchesNamesCaseInsensitivelyAndKeepsTheRegisteredSpelling() {
        SipHeaders h = SipHeaders.builder().add("cAlL-iD", "abc").add("X-Custom-Thing", "1").build();
        assertEquals("Call-ID", h.name(0));
        assertEquals("X-Custom-Thing", h.name(1));
        assertTrue(h.contains("CALL-ID"));
        assertTrue(h.contains("x-custom-thing"));
        assertFalse(h.contains("Call-Info"));
    }

    @Test
    void splitsListHeadersRespectingQuotesAndAngleBrackets() {
        SipHeaders h = SipHeaders.builder()
            .add("Contact", "\"Doe, John\" <sip:a@example.com;x=\"1,2\">;q=0.5, <sip:b@example.com?h=a,b>")
            .add("Contact", "sip:c@example.com")
            .build();
        assertEquals(List.of("\"Doe, John\" <sip:a@example.com;x=\"1,2\">;q=0.5", "<sip:b@example.com?h=a,b>",
            "sip:c@example.com"), h.all("m"));
        assertEquals(Optional.of("\"Doe, John\" <sip:a@example.com;x=\"1,2\">;q=0.5"), h.first("Contact"));
        assertEquals(2, h.lines("Contact").size());
    }

    @Test
    void neverSplitsHeadersWhoseValuesContainCommas() {
        String challenge = "Digest realm=\"a\", nonce=\"b\", qop=\"auth,auth-int\"";
        String date = "Sat, 13 Nov 2010 23:29:00 GMT";
        String identity = "abc.def.ghi;info=<https://x.example/a,b>;alg=ES256";
        SipHeaders h = SipHeaders.builder().add("WWW-Authenticate", challenge).add("Date", date)
            .add("Identity", identity).add("User-Agent", "Phone (v1, beta)").add("X-List", "a, b").build();
        assertEquals(List.of(challenge), h.all("WWW-Authenticate"));
        assertEquals(List.of(date), h.all("Date"));
        assertEquals(List.of(identity), h.all("y"));
        assertEquals(List.of("Phone (v1, beta)"), h.all("User-Agent"));
        assertEquals(List.of("a, b"), h.all("X-List"));
    }

    @Test
    void builderSetsRemovesAndPrependsInOrder() {
        SipHeaders h = SipHeaders.builder()
            .add("Via", "SIP/2.0/UDP a;branch=z9hG4bK1")
            .add("To", "<sip:x@y>")
            .add("Via", "SIP/2.0/UDP b;branch=z9hG4bK2")
            .add("Route", "<sip:r1;lr>, <sip:r2;lr>")
            .build();
        SipHeaders.Builder b = h.newBuilder();
        b.addFirst("Via", "SIP/2.0/TCP new;branch=z9hG4bK0");
        b.set("To", "<sip:z@y>;tag=1");
        assertTrue(b.removeFirstValue("Route"));
        SipHeaders changed = b.build();
        assertEquals(List.of("SIP/2.0/TCP new;branch=z9hG4bK0", "SIP/2.0/UDP a;branch=z9hG4bK1",
            "SIP/2.0/UDP b;branch=z9hG4bK2"), changed.all("Via"));
        assertEquals("Via", changed.name(0));
        assertEquals(Optional.of("<sip:z@y>;tag=1"), changed.first("To"));
        assertEquals(List.of("<sip:r2;lr>"), changed.all("Route"));
        assertEquals(List.of(), changed.newBuilder().remove("via").build().all("Via"));
        assertEquals(4, h.size(), "the original is unchanged");
    }

    @Test
    void setReplacesEveryLineAtThePositionOfTheFirst() {
        SipHeaders h = SipHeaders.builder().add("X-A", "1").add("Expires", "5").add("X-B", "2").add("Expires", "6")
            .build().newBuilder().set("expires", "7").build();
        assertEquals(List.of("X-A", "Expires", "X-B"), h.entries().stream().map(Map.Entry::getKey).toList());
        assertEquals(List.of("7"), h.all("Expires"));
    }

    @Test
    void rejectsLineBreaksAndInvalidNamesInBuiltHeaders() {
        SipHeaders.Builder b = SipHeaders.builder();
        assertThrows(IllegalArgumentException.class, () -> b.add("Subject", "a\r\nVia: evil"));
        assertThrows(IllegalArgumentException.class, () -> b.add("Subject", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> b.add("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.add("Bad:Name", "x"));
        assertThrows(NullPointerException.class, () -> b.add(null, "x"));
    }

    @Test
    void equalityFollowsOrderAndValuesButNotNameCase() {
        SipHeaders a = SipHeaders.builder().add("X-A", "1").add("X-B", "2").build();
        SipHeaders b = SipHeaders.builder().add("x-a", "1").add("x-b", "2").build();
        SipHeaders c = SipHeaders.builder().add("X-B", "2").add("X-A", "1").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
    }
}
