package io.vouch.identity.internal.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Base64;

/**
 * Coverage-guided fuzzing of the PASSporT JSON layer (RFC 8225 §4–5, RFC 8259): the strict JSON parser answers
 * every input with a value or a reason, a parsed value written canonically reads back to the same canonical text, the header and
 * claims mappers never throw, and a full-form token built from the fuzzed JSON parses or is rejected as a value.
 */
class PassportJsonFuzzTest {
    @DictionaryEntries({"{\"alg\":\"ES256\",\"typ\":\"passport\",\"ppt\":\"shaken\",\"x5u\":\"https://c.example/c.pem\"}",
        "{\"attest\":\"A\",\"dest\":{\"tn\":[\"12155550131\"]},\"iat\":1443208345,\"orig\":{\"tn\":\"12155550121\"},\"origid\":\"123e4567-e89b-12d3-a456-426655440000\"}",
        "\"uri\":", "\"div\":", "\"rcd\":", "\"nam\":", "\\u00e9", "\\ud83d\\ude00", "1e400", "-0", "null", "true", "[]", "{}"})
    @FuzzTest
    void parsesOrRejectsEveryPassport(FuzzedDataProvider data) {
        byte[] header = data.consumeBytes(data.consumeInt(0, 512));
        byte[] claims = data.consumeRemainingAsBytes();
        for (byte[] json : new byte[][] {header, claims}) {
            if (Json.parse(json, 4096, 8) instanceof Json.Parsed p) {
                // numbers keep their value, not their type (0e0 reads back as the integer 0): compare written forms
                String canonical = Json.write(p.value());
                Json.Parsed again = assertInstanceOf(Json.Parsed.class, Json.parse(canonical, 8), canonical);
                assertEquals(canonical, Json.write(again.value()), "parse -> write -> parse -> write");
                assertNotNull(PassportJson.header(p.value()));
                assertNotNull(PassportJson.claims(p.value()));
            }
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString(header) + "." + b64.encodeToString(claims) + ".c2ln";
        if (PassportToken.parseFull(token) instanceof PassportToken.Parsed parsed) {
            assertNotNull(parsed.token().passport().claimsJson());
            assertNotNull(parsed.token().passport().headerJson());
        }
    }
}
