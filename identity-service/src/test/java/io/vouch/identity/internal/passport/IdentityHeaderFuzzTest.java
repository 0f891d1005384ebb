package io.vouch.identity.internal.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the Identity header field parser (RFC 8224 §4.1): any value parses or is rejected as
 * a value, and a parsed header formats back to a value that parses to the same header.
 */
class IdentityHeaderFuzzTest {
    @DictionaryEntries({"eyJhbGciOiJFUzI1NiJ9.eyJ9.c2ln", "..c2ln", ";info=<https://cert.example.org/c.pem>",
        ";alg=ES256", ";ppt=shaken", ";ppt=\"div\"", ";x=\"a;b\"", "; ", "<", ">", "\""})
    @FuzzTest
    void parsesOrRejectsEveryValue(String value) {
        if (IdentityHeader.parse(value) instanceof IdentityHeader.Parsed p) {
            assertEquals(p, IdentityHeader.parse(p.header().format()), "parse -> format -> parse");
        }
    }
}
