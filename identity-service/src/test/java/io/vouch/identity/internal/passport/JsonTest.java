package io.vouch.identity.internal.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesKeysInCodePointOrderWithoutWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x5u", "https://cert.example.org/passport.cer");
        m.put("typ", "passport");
        m.put("ppt", "shaken");
        m.put("alg", "ES256");
        assertEquals("{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\","
                + "\"x5u\":\"https://cert.example.org/passport.cer\"}", Json.write(m));
    }

    @Test
    void sortsNestedObjectsAndKeepsArrayOrder() {
        Map<String, Object> m = Map.of("orig", Map.of("tn", "12155551212"), "dest", Map.of("tn", List.of("2", "1")),
                "iat", 1443208345L, "attest", "A");
        assertEquals("{\"attest\":\"A\",\"dest\":{\"tn\":[\"2\",\"1\"]},\"iat\":1443208345,\"orig\":{\"tn\":\"12155551212\"}}",
                Json.write(m));
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001/é\"", Json.write("a\"b\\c\n\u0001/é"));
    }

    @Test
    void rejectsExponentsBeyondAnIntAsAValue() {
        // found by PassportJsonFuzzTest: BigDecimal threw NumberFormatException out of the parser
        assertInstanceOf(Json.Invalid.class, Json.parse("1e10000002400.1", 8));
        assertInstanceOf(Json.Invalid.class, Json.parse("[1.5e-99999999999]", 8));
    }

    @Test
    void parsesWhatItWrites() {
        Map<String, Object> m = Map.of("a", List.of(1L, true, Json.NULL, "s"), "b", Map.of("c", -5L));
        Json.Parsed p = assertInstanceOf(Json.Parsed.class, Json.parse(Json.write(m), 8));
        assertEquals(Json.write(m), Json.write(p.value()));
    }

    @Test
    void rejectsDuplicateKeys() {
        assertInvalid("{\"a\":1,\"a\":2}", "duplicate key");
    }

    @Test
    void rejectsTrailingContent() {
        assertInvalid("{} {}", "trailing content");
    }

    @Test
    void rejectsNestingBeyondTheLimit() {
        assertInvalid("[".repeat(9) + "]".repeat(9), "nesting deeper than 8");
    }

    @Test
    void rejectsLeadingZerosAndBareFractions() {
        assertInvalid("01", "trailing content");
        assertInvalid("1.", "bad fraction");
    }

    @Test
    void rejectsInvalidUtf8AndOversizedInput() {
        assertInstanceOf(Json.Invalid.class, Json.parse(new byte[] {'"', (byte) 0xc3, '"'}, 100, 8));
        assertInstanceOf(Json.Invalid.class, Json.parse("\"aaaa\"".getBytes(StandardCharsets.UTF_8), 4, 8));
    }

    @Test
    void rejectsControlCharactersInStrings() {
        assertInvalid("\"a\tb\"", "control character in string");
    }

    private static void assertInvalid(String text, String reason) {
        Json.Invalid inv = assertInstanceOf(Json.Invalid.class, Json.parse(text, 8));
        assertEquals(reason, inv.reason());
    }
}
