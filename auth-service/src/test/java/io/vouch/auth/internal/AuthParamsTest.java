package io.vouch.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthParamsTest {
    @Test
    void parsesTokensAndQuotedStringsWithEscapes() {
        var p = AuthParams.parse("Digest  username=\"a\\\"b\", realm=\"x, y\",nc=00000001 ,  qop=auth").orElseThrow();
        assertEquals("Digest", p.scheme());
        assertEquals(Map.of("username", "a\"b", "realm", "x, y", "nc", "00000001", "qop", "auth"), p.params());
    }

    @Test
    void lowerCasesParameterNames() {
        assertEquals("alice", AuthParams.parse("Digest UserName=alice").orElseThrow().params().get("username"));
    }

    @Test
    void rejectsMalformedValues() {
        for (String bad : new String[] {"", "Digest realm", "Digest realm=\"open", "Digest a=1 b=2",
                "Digest a=1, a=2", "Digest =x", "Digest a=", "x".repeat(9000)}) {
            assertTrue(AuthParams.parse(bad).isEmpty(), bad);
        }
    }
}
