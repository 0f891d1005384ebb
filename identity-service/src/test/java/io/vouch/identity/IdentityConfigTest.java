package io.vouch.identity;

import io.vouch.identity.internal.crypto.CryptoProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityConfigTest {
    @Test
    void hasMeasuredDefaults() {
        IdentityConfig c = IdentityConfig.from(new JsonObject());
        assertEquals(CryptoProvider.AUTO, c.signProvider());
        assertEquals(CryptoProvider.AUTO, c.verifier().provider());
        assertEquals(Duration.ofSeconds(60), c.verifier().freshness());
        assertEquals(IdentityConfig.FailureMode.REJECT, c.failureMode());
        assertEquals(false, c.fetch().allowLoopback());
        assertEquals("vouch.tn-assignments", c.tnAssignmentsTopic());
        assertEquals(List.of(), c.keys());
    }

    @Test
    void readsKeysAndLists() {
        IdentityConfig c = IdentityConfig.from(new JsonObject()
                .put("sign.keys", new JsonArray().add(new JsonObject().put("id", "k1").put("key.file", "/k.pem")
                        .put("x5u", "https://c.example/k1.pem").put("tn.ranges", new JsonArray().add("1212"))
                        .put("customers", "acme, beta")))
                .put("fetch.allow.hosts", "a.example, .b.example").put("verify.failure.mode", "annotate")
                .put("crypto.sign.provider", "bc"));
        assertEquals(List.of("1212"), c.keys().getFirst().tnRanges());
        assertTrue(c.keys().getFirst().customers().contains("beta"));
        assertEquals(List.of("a.example", ".b.example"), c.fetch().allowHosts());
        assertEquals(IdentityConfig.FailureMode.ANNOTATE, c.failureMode());
        assertEquals(CryptoProvider.BC, c.signProvider());
    }

    @Test
    void namesTheKeyOfABadValue() {
        assertMessage("verify.freshness.s", new JsonObject().put("verify.freshness.s", 0));
        assertMessage("crypto.verify.provider", new JsonObject().put("crypto.verify.provider", "openssl"));
        assertMessage("sign.keys[0].x5u", new JsonObject().put("sign.keys",
                new JsonArray().add(new JsonObject().put("id", "k").put("key.file", "/k"))));
        assertMessage("x5u must be an https URL", new JsonObject().put("sign.keys",
                new JsonArray().add(new JsonObject().put("id", "k").put("key.file", "/k").put("x5u", "http://a"))));
        assertMessage("verify.failure.mode", new JsonObject().put("verify.failure.mode", "ignore"));
        assertMessage("fetch.allow.loopback", new JsonObject().put("fetch.allow.loopback", "maybe"));
    }

    private static void assertMessage(String fragment, JsonObject json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdentityConfig.from(json));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
