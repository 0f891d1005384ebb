package io.vouch.media;

import io.vouch.sdp.FingerprintHash;
import static io.vouch.media.srtp.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.media.CryptoAttribute.CryptoParseResult;
import io.vouch.media.srtp.SrtpSuite;
import io.vouch.media.srtp.Vectors;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code sdes_rfc4568} entries of the shared vectors. */
class SdesVectorsTest {

    @Test
    void validLinesDecodeToTheListedKeysAndSalts() {
        JsonArray valid = Vectors.sdes().getJsonArray("valid");
        for (int i = 0; i < valid.size(); i++) {
            JsonObject v = valid.getJsonObject(i);
            String value = v.getString("line").substring("a=crypto:".length());
            CryptoAttribute a = assertInstanceOf(CryptoParseResult.Parsed.class, CryptoAttribute.parse(value),
                v.getString("line")).attribute();
            JsonArray keys = v.getJsonArray("keys");
            assertEquals(keys.size(), a.keys().size());
            for (int k = 0; k < keys.size(); k++) {
                JsonObject key = keys.getJsonObject(k);
                SdesKey parsed = a.keys().get(k);
                assertEquals(key.getInteger("octets"), parsed.keySalt().length);
                assertEquals(key.getString("master_key"), hex(parsed.masterKey(16)));
                assertEquals(key.getString("master_salt"), hex(parsed.masterSalt(16)));
            }
        }
    }

    @Test
    void validLinesPassTheValidatorExceptTheRefusedF8Suite() {
        SdesValidator defaults = new SdesValidator(MediaKeyingConfig.defaults());
        SdesValidator withF8 = new SdesValidator(new MediaKeyingConfig(MediaKeyingConfig.InsecureHopAction.REFUSE,
            false, Set.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.F8_128_HMAC_SHA1_80), false,
            FingerprintHash.SHA_256));
        JsonArray valid = Vectors.sdes().getJsonArray("valid");
        for (int i = 0; i < valid.size(); i++) {
            String value = valid.getJsonObject(i).getString("line").substring("a=crypto:".length());
            boolean f8 = value.contains("F8_");
            if (f8) {
                assertEquals(new SdesValidator.Line.Refused("crypto suite not allowed"), defaults.validate(value));
            } else {
                assertInstanceOf(SdesValidator.Line.Valid.class, defaults.validate(value), value);
            }
            assertInstanceOf(SdesValidator.Line.Valid.class, withF8.validate(value), value);
        }
    }

    @Test
    void invalidLinesAreRefusedWithTheirReason() {
        Map<String, String> expected = Map.of(
            "differs", "crypto MKI lengths differ",
            "3 octets", "crypto key length wrong for suite",
            "empty key", "crypto key empty",
            "no ':'", "crypto lifetime misplaced");
        JsonArray invalid = Vectors.sdes().getJsonArray("invalid");
        SdesValidator validator = new SdesValidator(MediaKeyingConfig.defaults());
        for (int i = 0; i < invalid.size(); i++) {
            JsonObject v = invalid.getJsonObject(i);
            String reason = expected.entrySet().stream().filter(e -> v.getString("expected").contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertEquals(new SdesValidator.Line.Refused(reason),
                validator.validate(v.getString("line").substring("a=crypto:".length())), v.getString("line"));
        }
    }

    @Test
    void suiteLengthsMatchTheTable() {
        JsonObject table = Vectors.sdes().getJsonObject("suite_key_lengths");
        for (String name : table.fieldNames()) {
            SrtpSuite s = SrtpSuite.bySdesName(name).orElseThrow();
            JsonObject l = table.getJsonObject(name);
            assertEquals(l.getInteger("key"), s.keyLength(), name);
            assertEquals(l.getInteger("salt"), s.saltLength(), name);
            assertEquals(l.getInteger("tag"), s.tagLength(), name);
        }
        assertEquals(table.size(), SrtpSuite.values().length);
    }
}
