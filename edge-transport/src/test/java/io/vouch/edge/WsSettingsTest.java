package io.vouch.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class WsSettingsTest {
    private static WsSettings of(JsonObject c) {
        return EdgeConfig.from(c).ws();
    }

    @Test
    void isOffByDefaultWithSafeLimits() {
        WsSettings ws = of(new JsonObject());
        assertEquals(-1, ws.wsPort());
        assertEquals(-1, ws.wssPort());
        assertEquals(65_535, ws.maxFrameBytes());
        assertEquals(30_000, ws.pingIntervalMs());
        assertEquals(10_000, ws.pongTimeoutMs());
    }

    @Test
    void byDefaultAllowsNonBrowsersAndSameHostPagesOnly() {
        WsSettings ws = of(new JsonObject());
        assertTrue(ws.originAllowed(null, "sip.example.com"), "no Origin: not a browser");
        assertTrue(ws.originAllowed("https://sip.example.com", "sip.example.com"));
        assertTrue(ws.originAllowed("http://SIP.example.com:8080", "sip.example.com"), "same host, any port");
        assertFalse(ws.originAllowed("https://evil.example.net", "sip.example.com"));
        assertFalse(ws.originAllowed("https://sip.example.com.evil.net", "sip.example.com"));
        assertFalse(ws.originAllowed("null", "sip.example.com"), "opaque origins (sandboxed frames, files)");
        assertFalse(ws.originAllowed("not a uri", "sip.example.com"));
    }

    @Test
    void aListAllowsExactlyItsOriginsAndStarAllowsAll() {
        WsSettings ws = of(new JsonObject().put("edge.ws.allowed.origins", "https://phone.example.com, http://127.0.0.1:8080"));
        assertTrue(ws.originAllowed("https://phone.example.com", "sip.example.com"));
        assertTrue(ws.originAllowed("HTTPS://PHONE.EXAMPLE.COM", "sip.example.com"));
        assertTrue(ws.originAllowed("http://127.0.0.1:8080", "127.0.0.1"));
        assertFalse(ws.originAllowed("http://127.0.0.1:9090", "127.0.0.1"), "a list replaces the same-host rule");
        assertFalse(ws.originAllowed("https://sip.example.com", "sip.example.com"));
        assertTrue(of(new JsonObject().put("edge.ws.allowed.origins", "*")).originAllowed("https://any.example", "x"));
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        assertThrows(IllegalArgumentException.class,
                () -> of(new JsonObject().put("edge.ws.allowed.origins", "phone.example.com")), "edge.ws.allowed.origins");
        var e = assertThrows(IllegalArgumentException.class,
                () -> of(new JsonObject().put("edge.ws.max.frame.bytes", 100)));
        assertTrue(e.getMessage().contains("edge.ws.max.frame.bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> of(new JsonObject().put("edge.ws.max.frame.bytes", 9000).put("edge.ws.max.message.bytes", 4000)));
        assertTrue(e.getMessage().contains("edge.ws.max.message.bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> of(new JsonObject().put("edge.ws.pong.timeout.ms", 0)));
        assertTrue(e.getMessage().contains("edge.ws.pong.timeout.ms"), e.getMessage());
    }
}
