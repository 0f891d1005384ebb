package io.vouch.edge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import io.vouch.edge.EdgeConfig;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EdgeWarmupTest {
    private static final JsonObject KEYS = new JsonObject().put("auth.nonce.keys",
            "1:" + Base64.getEncoder().encodeToString(new byte[32])).put("auth.realms", "127.0.0.1");

    @Test
    void runsTheRequestedSyntheticRequestsThroughEveryPath() {
        // more requests than the in-flight limit: each published one must be answered, or the table would shed
        EdgeConfig config = EdgeConfig.from(KEYS.copy().put("max.in.flight", 10));
        assertEquals(400, EdgeWarmup.run(config, 60_000, 400));
        assertEquals(400, EdgeWarmup.run(EdgeConfig.from(new JsonObject().put("max.in.flight", 10)), 60_000, 400));
    }

    @Test
    void isOffAtZero() {
        assertEquals(0, EdgeWarmup.run(EdgeConfig.from(KEYS), 0, 400));
        assertEquals(0, EdgeConfig.from(new JsonObject().put("warmup.ms", 0)).warmupMs());
        assertThrows(IllegalArgumentException.class, () -> EdgeConfig.from(new JsonObject().put("warmup.ms", -1)));
    }
}
