package io.vouch.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistrarConfigTest {
    @Test
    void defaultsFollowRfc3261Recommendations() {
        RegistrarConfig c = RegistrarConfig.defaults();
        assertEquals(3600, c.defaultExpiresSeconds());
        assertEquals(60, c.minExpiresSeconds());
        assertEquals(86_400, c.maxExpiresSeconds());
        assertEquals(10, c.maxContactsPerAor());
        assertEquals(Duration.ofSeconds(10), c.sweepInterval());
        assertEquals(List.of("INVITE", "ACK", "CANCEL", "OPTIONS", "REGISTER", "SUBSCRIBE", "PUBLISH"), c.allow());
        assertTrue(c.domains().isEmpty());
        assertTrue(c.outboundEnabled());
    }

    @Test
    void readsEveryKeyFromNumbersStringsAndLists() {
        RegistrarConfig c = RegistrarConfig.from(new JsonObject()
                .put("registrar.default.expires.s", "1800")
                .put("registrar.min.expires.s", 30)
                .put("registrar.max.expires.s", 7200)
                .put("registrar.max.contacts.per.aor", 3)
                .put("registrar.sweep.interval.ms", 250)
                .put("registrar.domains", "Example.com, example.org")
                .put("registrar.allow", new JsonArray().add("invite").add("options"))
                .put("registrar.outbound.enabled", "false")
                .put("registrar.date.header", false));
        assertEquals(1800, c.defaultExpiresSeconds());
        assertEquals(30, c.minExpiresSeconds());
        assertEquals(7200, c.maxExpiresSeconds());
        assertEquals(3, c.maxContactsPerAor());
        assertEquals(Duration.ofMillis(250), c.sweepInterval());
        assertEquals(Set.of("example.com", "example.org"), c.domains());
        assertEquals(List.of("INVITE", "OPTIONS"), c.allow());
        assertFalse(c.outboundEnabled());
        assertFalse(c.dateHeader());
    }

    @Test
    void badValuesFailNamingTheirKey() {
        var notNumber = assertThrows(IllegalArgumentException.class,
                () -> RegistrarConfig.from(new JsonObject().put("registrar.min.expires.s", "soon")));
        assertTrue(notNumber.getMessage().contains("registrar.min.expires.s"));
        var defaultBelowMin = assertThrows(IllegalArgumentException.class,
                () -> RegistrarConfig.from(new JsonObject().put("registrar.default.expires.s", 10)));
        assertTrue(defaultBelowMin.getMessage().contains("registrar.default.expires.s"));
        var maxBelowMin = assertThrows(IllegalArgumentException.class, () -> RegistrarConfig.from(
                new JsonObject().put("registrar.max.expires.s", 30).put("registrar.default.expires.s", 30)));
        assertTrue(maxBelowMin.getMessage().contains("registrar.max.expires.s"));
        var notBoolean = assertThrows(IllegalArgumentException.class,
                () -> RegistrarConfig.from(new JsonObject().put("registrar.date.header", "yes")));
        assertTrue(notBoolean.getMessage().contains("registrar.date.header"));
    }
}
