package io.vouch.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code deliver.*} keys: bounded defaults, and a bad value names its key. */
class DeliveryConfigTest {
    @Test
    void hasBoundedDefaults() {
        DeliveryConfig c = DeliveryConfig.defaults();
        assertEquals(Set.of("MESSAGE", "NOTIFY", "INFO"), c.methods());
        assertEquals(10_000, c.maxPending());
        assertEquals(Duration.ofSeconds(32), c.timeout());
        assertTrue(c.fromMustMatch());
        assertTrue(c.knowsUsers());
    }

    @Test
    void readsKeysAndRefusesBadOnesByName() {
        DeliveryConfig c = DeliveryConfig.from(new JsonObject().put("deliver.methods", "message")
                .put("deliver.max.pending", "5").put("deliver.credentials.topic", "none"));
        assertEquals(Set.of("MESSAGE"), c.methods());
        assertEquals(5, c.maxPending());
        assertFalse(c.knowsUsers());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeliveryConfig.from(new JsonObject()
                .put("deliver.max.pending", 0))).getMessage().contains("deliver.max.pending"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeliveryConfig.from(new JsonObject()
                .put("deliver.methods", "MESSAGE,INVITE"))).getMessage().contains("deliver.methods"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeliveryConfig.from(new JsonObject()
                .put("deliver.timeout.ms", "soon"))).getMessage().contains("deliver.timeout.ms"));
    }
}
