package io.vouch.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
    private static ConfigDef edge() {
        return ConfigDef.of("edge", "edge.", "Edge")
                .define("edge.max.in.flight", Type.INT, 5000, Validator.atLeast(1), Importance.MEDIUM, "in flight")
                .define("edge.sip.domains", Type.LIST, List.of("localhost"), Importance.HIGH, "domains")
                .define("edge.trusted.peers", Type.MAP, Map.of(), Importance.MEDIUM, "peers")
                .define("edge.tls.client.auth", Type.STRING, "request", Validator.oneOf("none", "request"),
                        Importance.LOW, "client auth")
                .define("edge.rate", Type.DOUBLE, 1.5, Validator.atLeast(0), Importance.LOW, "rate")
                .define("edge.on", Type.BOOLEAN, true, Importance.LOW, "on")
                .alias("max.in.flight", "edge.max.in.flight")
                .alias("tls.trusted.peers", "edge.trusted.peers");
    }

    private static ConfigDef kafka() {
        return ConfigDef.of("kafka", "kafka.", "Kafka")
                .define("kafka.bootstrap.servers", Type.STRING, null, Importance.HIGH, "servers")
                .family("kafka.", "pass-through");
    }

    @Test
    void readsNestedAndFlatJsonAlike() {
        Config flat = edge().parse(new JsonObject().put("edge.max.in.flight", 7).put("edge.sip.domains", "a, b,,")
                .put("edge.trusted.peers", "sbc.example=sbc").put("edge.rate", "2").put("edge.on", "FALSE"));
        Config nested = edge().parse(new JsonObject().put("edge", new JsonObject()
                .put("max", new JsonObject().put("in.flight", "7"))
                .put("sip.domains", new JsonArray().add("a").add(" b"))
                .put("trusted.peers", new JsonObject().put("sbc.example", "sbc"))
                .put("rate", 2).put("on", false)));
        for (Config c : List.of(flat, nested)) {
            assertEquals(7, c.getInt("edge.max.in.flight"));
            assertEquals(List.of("a", "b"), c.getList("edge.sip.domains"));
            assertEquals(Map.of("sbc.example", "sbc"), c.getMap("edge.trusted.peers"));
            assertEquals(2.0, c.getDouble("edge.rate"));
            assertFalse(c.getBoolean("edge.on"));
            assertTrue(c.isSet("edge.max.in.flight"));
            assertFalse(c.isSet("edge.tls.client.auth"));
            assertEquals("request", c.getString("edge.tls.client.auth"));
        }
    }

    @Test
    void anUnknownKeyUnderTheComponentPrefixIsRefusedNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> edge().parse(new JsonObject()
                .put("edge.max.inflight", 5)));
        assertEquals("edge.max.inflight", e.key());
        assertTrue(e.getMessage().contains("unknown configuration key edge.max.inflight"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean edge.max.in.flight?"), e.getMessage());
    }

    @Test
    void theModelRefusesAKeyNoComponentDeclares() {
        ConfigModel model = ConfigModel.of(edge(), kafka());
        ConfigException e = assertThrows(ConfigException.class, () -> model.validate(model.read(new JsonObject()
                .put("kafka.bootstrap.servers", "k:9092").put("pipeline.timout.ms", 5))));
        assertEquals("pipeline.timout.ms", e.key());
        model.validate(model.read(new JsonObject().put("kafka.producer.linger.ms", "0")));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheKeyAndTheRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> edge().parse(new JsonObject()
                .put("edge.max.in.flight", "abc")));
        assertEquals("edge.max.in.flight: invalid value \"abc\" (must be a 32-bit integer)",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> edge().parse(new JsonObject().put("edge.max.in.flight", 1.5)));
        assertEquals("edge.max.in.flight", e.key());
        e = assertThrows(ConfigException.class, () -> edge().parse(new JsonObject().put("edge.on", "yes")));
        assertTrue(e.getMessage().contains("must be true or false"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> edge().parse(new JsonObject().put("edge.trusted.peers", "x")));
        assertTrue(e.getMessage().contains("edge.trusted.peers"), e.getMessage());
    }

    @Test
    void aValueOutsideItsRuleIsRefusedNamingTheRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> edge().parse(new JsonObject()
                .put("edge.max.in.flight", 0)));
        assertTrue(e.getMessage().contains("edge.max.in.flight") && e.getMessage().contains("must be at least 1"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> edge().parse(new JsonObject()
                .put("edge.tls.client.auth", "maybe")));
        assertTrue(e.getMessage().contains("must be one of none, request"), e.getMessage());
    }

    @Test
    void anOldNameStillWorksAndWarnsNamingTheNewOne() {
        List<String> renamed = new ArrayList<>();
        ConfigModel model = ConfigModel.of(edge());
        Map<String, Object> flat = model.normalize(Map.of("max.in.flight", 9, "tls.trusted.peers", "a=b"),
                (o, n) -> renamed.add(o + "->" + n));
        assertEquals(9, edge().parse(flat).getInt("edge.max.in.flight"));
        assertEquals(Map.of("a", "b"), edge().parse(flat).getMap("edge.trusted.peers"));
        assertEquals(List.of("max.in.flight->edge.max.in.flight", "tls.trusted.peers->edge.trusted.peers"),
                renamed.stream().sorted().toList());

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(9, edge().parse(new JsonObject().put("max.in.flight", 9)).getInt("edge.max.in.flight"));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("WARN") && log.contains("max.in.flight is deprecated")
                && log.contains("use edge.max.in.flight"), log);
    }

    @Test
    void theNewNameWinsOverTheOldOne() {
        Config c = edge().parse(new JsonObject().put("max.in.flight", 9).put("edge.max.in.flight", 3));
        assertEquals(3, c.getInt("edge.max.in.flight"));
    }

    @Test
    void anOldPerComponentSectionReadsAsTheKeyItMeant() {
        ConfigModel model = ConfigModel.of(edge(), kafka());
        Map<String, Object> flat = model.read(new JsonObject().put("edge", new JsonObject()
                .put("tls.trusted.peers", "a=b").put("edge.max.in.flight", 4)));
        assertEquals(Map.of("edge.trusted.peers", "a=b", "edge.max.in.flight", 4), flat);
    }

    @Test
    void familiesPassThroughAndOverridesApplyPerComponent() {
        ConfigDef stage = ConfigDef.of("stage", "stage.", "Stage")
                .define("stage.max.in.flight", Type.INT, 50, Validator.between(1, 100), Importance.LOW, "n");
        ConfigDef auth = ConfigDef.of("auth", "auth.", "Auth").overrides(stage);
        Config k = kafka().parse(new JsonObject().put("kafka", new JsonObject().put("producer",
                new JsonObject().put("linger.ms", 0))).put("kafka.bootstrap.servers", "k:1"));
        assertEquals(Map.of("producer.linger.ms", "0"), k.family("kafka."));
        assertEquals(Map.of("stage.max.in.flight", 8), auth.parse(new JsonObject().put("auth.stage.max.in.flight",
                "8")).overrides());
        ConfigException e = assertThrows(ConfigException.class, () -> auth.parse(new JsonObject()
                .put("auth.stage.max.in.flight", 1000)));
        assertEquals("auth.stage.max.in.flight", e.key());
    }

    @Test
    void aDefaultMustFollowItsOwnRule() {
        assertThrows(ConfigException.class, () -> ConfigDef.of("x", "x.", "X")
                .define("x.n", Type.INT, 0, Validator.atLeast(1), Importance.LOW, "n"));
        assertThrows(IllegalArgumentException.class, () -> ConfigDef.of("x", "x.", "X")
                .define("y.n", Type.INT, 1, Importance.LOW, "n"));
    }

    @Test
    void secretsAreNeverEchoed() {
        ConfigDef d = ConfigDef.of("auth", "auth.", "Auth").defineSecret("auth.nonce.keys", Type.LIST,
                Validator.listSize(0, 2), Importance.HIGH, "keys");
        ConfigException e = assertThrows(ConfigException.class, () -> d.parse(new JsonObject()
                .put("auth.nonce.keys", "1:s3cret,2:s3cret,3:s3cret")));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("auth.nonce.keys"), e.getMessage());
    }

    @Test
    void theReferenceListsEveryKeyWithTypeDefaultRuleAndDoc() {
        String text = ConfigDocs.text(ConfigModel.of(edge(), kafka()));
        assertTrue(text.contains("  edge.max.in.flight\n      in flight\n      type: integer; default: 5000; "
                + "valid: at least 1; importance: medium\n"), text);
        assertTrue(text.contains("kafka.<name>"), text);
        assertTrue(text.contains("max.in.flight -> edge.max.in.flight"), text);
        String md = ConfigDocs.markdown(edge());
        assertTrue(md.contains("| `edge.tls.client.auth` | string | request | one of none, request | client auth |"),
                md);
    }
}
