package io.vouch.auth;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthConfigTest {
    private static final String KEY1 = "1:" + "A".repeat(43) + "=";
    private static final String KEY2 = "2:" + "B".repeat(43) + "=";

    @Test
    void hasSafeDefaults() {
        AuthConfig c = AuthConfig.from(new JsonObject());
        assertEquals(List.of("vouch.local"), c.realms());
        assertEquals(List.of(DigestAlgorithm.MD5), c.digest().algorithms(),
                "the clients in wide use answer only MD5 and many fail on any other challenge");
        assertFalse(c.digest().allowRfc2069());
        assertTrue(c.nonceKeysGenerated());
        assertEquals(Duration.ofMinutes(5), c.nonceTtl());
        assertEquals(Optional.of(Topics.REGISTRAR), c.routeFor("REGISTER"));
        assertEquals(Optional.of(Topics.MEDIA), c.routeFor("INVITE"));
        assertEquals(Optional.of(Topics.BODY), c.routeFor("MESSAGE"));
        assertEquals(Optional.of(Topics.BODY), c.routeFor("NOTIFY"));
        assertEquals(Optional.of(Topics.BODY), c.routeFor("INFO"));
        assertEquals(Optional.empty(), c.routeFor("BYE"));
    }

    @Test
    void readsFlatAndNestedKeys() {
        AuthConfig c = AuthConfig.from(new JsonObject()
                .put("auth.realms", new JsonArray().add("Example.COM").add("example.net"))
                .put("auth.algorithms", "MD5, SHA-256")
                .put("auth.qop", "auth")
                .put("auth.nonce", new JsonObject().put("ttl", new JsonObject().put("ms", 60000)))
                .put("auth.nonce.keys", new JsonArray().add(KEY2).add(KEY1))
                .put("auth.lockout.source.threshold", "5")
                .put("auth.route.message", "vouch.sip.registrar")
                .put("auth.route.options", "none"));
        assertEquals(List.of("example.com", "example.net"), c.realms());
        assertEquals("example.net", c.realmFor("EXAMPLE.net"));
        assertEquals("example.com", c.realmFor("192.0.2.1"));
        assertEquals(List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256), c.digest().algorithms(),
                "challenges in the configured order, which is the preference order (RFC 8760 §2.4)");
        assertEquals(Duration.ofMinutes(1), c.nonceTtl());
        assertEquals(2, c.nonceKeys().current().id());
        assertEquals(1, c.nonceKeys().previous().orElseThrow().id());
        assertFalse(c.nonceKeysGenerated());
        assertEquals(5, c.lockout().sourceThreshold());
        assertEquals(Optional.of(Topics.REGISTRAR), c.routeFor("MESSAGE"));
        assertEquals(Optional.empty(), c.routeFor("OPTIONS"));
    }

    @Test
    void failsNamingTheKeyOfABadValue() {
        assertMessageStarts("auth.algorithms", new JsonObject().put("auth.algorithms", "SHA-1"));
        assertMessageStarts("auth.nonce.ttl.ms", new JsonObject().put("auth.nonce.ttl.ms", "soon"));
        assertMessageStarts("auth.nonce.keys", new JsonObject().put("auth.nonce.keys", "1:c2hvcnQ="));
        assertMessageStarts("auth.nonce.keys", new JsonObject().put("auth.nonce.keys", KEY1 + "," + KEY2 + ",3:x"));
        assertMessageStarts("auth.lockout.window.ms", new JsonObject().put("auth.lockout.window.ms", -1));
        assertMessageStarts("auth.rfc2069.enabled", new JsonObject().put("auth.rfc2069.enabled", "maybe"));
    }

    private static void assertMessageStarts(String key, JsonObject json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthConfig.from(json));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }
}
