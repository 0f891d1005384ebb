package io.vouch.identity.internal.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityHeaderTest {
    @Test
    void readsTokenAndParametersOfRfc8224Section4() {
        IdentityHeader h = parsed("eyJh.eyJh.c2ln;info=<https://cert.example.org/passport.cer;x=1>;alg=ES256;ppt=shaken");
        assertEquals("eyJh.eyJh.c2ln", h.token());
        assertEquals(Optional.of("https://cert.example.org/passport.cer;x=1"), h.info());
        assertEquals(Optional.of("ES256"), h.alg());
        assertEquals(Optional.of("shaken"), h.ppt());
    }

    @Test
    void toleratesWhitespaceQuotedPptAndExtensions() {
        IdentityHeader h = parsed("..c2ln ; info = <https://a.example/c> ; ppt=\"div\" ; foo=bar");
        assertTrue(h.isCompact());
        assertEquals(Optional.of("div"), h.ppt());
        assertEquals("bar", h.extensions().get("foo"));
    }

    @Test
    void formatsWhatItParses() {
        IdentityHeader h = IdentityHeader.of("a.b.c", "https://x.example/c.pem", "ES256", "shaken");
        assertEquals("a.b.c;info=<https://x.example/c.pem>;alg=ES256;ppt=shaken", h.format());
        assertEquals(h, parsed(h.format()));
    }

    @Test
    void rejectsBrokenValues() {
        assertInstanceOf(IdentityHeader.Malformed.class, IdentityHeader.parse(";info=<https://a>"));
        assertInstanceOf(IdentityHeader.Malformed.class, IdentityHeader.parse("a.b.c;info=<https://a"));
        assertInstanceOf(IdentityHeader.Malformed.class, IdentityHeader.parse("a.b.c;info=<a>;info=<b>"));
        assertInstanceOf(IdentityHeader.Malformed.class, IdentityHeader.parse("a b;info=<a>"));
        assertInstanceOf(IdentityHeader.Malformed.class, IdentityHeader.parse("x".repeat(10_001)));
    }

    @Test
    void formatsQuotedValuesSoTheyParseBackUnchanged() {
        // found by IdentityHeaderFuzzTest: a quoted extension holding ';' was written bare and split in two
        for (String v : new String[] {".;x=\"a;b\"", "t;info=\"https://a.example/c?x=>\"", "t;ppt=\"a b\";alg=<e s>",
            "t;y=<a\"b>"}) {
            IdentityHeader h = parsed(v);
            assertEquals(h, parsed(h.format()), v);
        }
    }

    @Test
    void rejectsQuotesInsideTheToken() {
        // found by IdentityHeaderFuzzTest: """" parsed as the token "" and formatted to a value that no longer parsed
        assertInstanceOf(IdentityHeader.Malformed.class, IdentityHeader.parse("\"\"\"\""));
        assertInstanceOf(IdentityHeader.Malformed.class, IdentityHeader.parse("a\"b.c.d;info=<https://a>"));
        assertEquals("a.b.c", parsed("\"a.b.c\";info=<https://a>").token());
    }

    private static IdentityHeader parsed(String v) {
        return assertInstanceOf(IdentityHeader.Parsed.class, IdentityHeader.parse(v)).header();
    }
}
