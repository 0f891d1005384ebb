package io.vouch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.vouch.sip.internal.Chars;
import io.vouch.sip.internal.HeaderParsers;

/**
 * Coverage-guided fuzzing of the credentials/challenge parser (RFC 3261 §25.1 {@code credentials},
 * {@code challenge}; RFC 7616 §3.4): any value parses or is rejected without throwing, and a parsed header formats
 * back to a value that parses to the same header and that a message can carry.
 */
class DigestHeaderFuzzTest {
    @DictionaryEntries({"Digest ", "username=\"", "realm=", "nonce=", "uri=\"sip:", "response=", "qop=auth",
        "algorithm=SHA-256", "nc=00000001", "cnonce=", "opaque=", "stale=true", ", ", "\"", "\\\"", "userhash=true"})
    @FuzzTest
    void parsesOrRejectsEveryValue(@NotNull String value) {
        AuthHeader h = HeaderParsers.auth(value);
        if (h != null) {
            assertEquals(h, HeaderParsers.auth(h.format(true)), "parse -> format as challenge -> parse");
            assertEquals(h, HeaderParsers.auth(h.format(false)), "parse -> format as credentials -> parse");
            if (!Chars.hasBareControl(value)) {
                // a value a message could carry formats to one a message can carry
                assertFalse(Chars.hasBareControl(h.format(true)), "challenge carries a bare control character");
                assertFalse(Chars.hasBareControl(h.format(false)), "credentials carry a bare control character");
            }
        }
    }
}
