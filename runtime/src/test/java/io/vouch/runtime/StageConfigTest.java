package io.vouch.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageConfigTest {
    private static JsonObject base() {
        return new JsonObject().put("kafka.bootstrap.servers", "k:9092");
    }

    @Test
    void appliesDefaultsForAServiceWithAFixedName() {
        StageConfig c = StageConfig.from(base(), "registrar", List.of("vouch.sip.registrar"));
        assertEquals("registrar", c.name());
        assertEquals(List.of("vouch.sip.registrar"), c.inputTopics());
        assertEquals("vouch-registrar", c.groupId());
        assertEquals(StageConfig.DEFAULT_MAX_IN_FLIGHT, c.maxInFlight());
        assertEquals(StageConfig.DEFAULT_HANDLER_TIMEOUT, c.handlerTimeout());
        assertTrue(c.dropExpired());
    }

    @Test
    void readsEveryKey() {
        StageConfig c = StageConfig.from(base()
                .put("stage.name", "auth")
                .put("stage.input.topics", new JsonArray().add("a").add("b"))
                .put("stage.group.id", "g")
                .put("stage.max.in.flight", 8)
                .put("stage.handler.timeout.ms", "1500")
                .put("stage.retry.max.attempts", 2)
                .put("stage.retry.backoff.ms", 10)
                .put("stage.retry.backoff.max.ms", 20)
                .put("stage.commit.interval.ms", 50)
                .put("stage.shutdown.drain.ms", 0)
                .put("stage.drop.expired", "false"));
        assertEquals(List.of("a", "b"), c.inputTopics());
        assertEquals("g", c.groupId());
        assertEquals(8, c.maxInFlight());
        assertEquals(Duration.ofMillis(1500), c.handlerTimeout());
        assertEquals(2, c.maxAttempts());
        assertEquals(Duration.ofMillis(10), c.retryBackoff());
        assertEquals(Duration.ofMillis(20), c.retryBackoffMax());
        assertEquals(Duration.ofMillis(50), c.commitInterval());
        assertEquals(Duration.ZERO, c.shutdownDrain());
        assertFalse(c.dropExpired());
    }

    @Test
    void acceptsACommaSeparatedTopicList() {
        StageConfig c = StageConfig.from(base().put("stage.name", "x").put("stage.input.topics", "a, b,,c"));
        assertEquals(List.of("a", "b", "c"), c.inputTopics());
    }

    @Test
    void failsNamingTheBadKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageConfig.from(
                base().put("stage.max.in.flight", 0), "x", List.of("t")));
        assertTrue(e.getMessage().contains("stage.max.in.flight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StageConfig.from(
                base().put("stage.handler.timeout.ms", "soon"), "x", List.of("t")));
        assertTrue(e.getMessage().contains("stage.handler.timeout.ms"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StageConfig.from(base().put("stage.name", "x")));
        assertTrue(e.getMessage().contains("stage.input.topics"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StageConfig.from(base()));
        assertTrue(e.getMessage().contains("stage.name"), e.getMessage());
    }
}
