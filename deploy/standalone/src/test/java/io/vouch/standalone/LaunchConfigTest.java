package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.ConfigDef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher reads every configuration source with the declared model and refuses bad ones before starting. */
class LaunchConfigTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run capture(Callable<Integer> body) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = body.call();
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void anInvalidValueStopsStartUpNamingTheKeyAndTheRule(@TempDir Path dir) throws Exception {
        Run r = capture(() -> VouchMain.run(new String[] {"run", "--data-dir", dir.toString(), "--kafka-port", "0",
            "--set", "edge.max.in.flight=abc"}));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("vouch: edge.max.in.flight: invalid value \"abc\" (must be a 32-bit integer)"),
                r.err());
        assertFalse(Files.exists(dir.resolve("kafka")), "nothing was started");

        r = capture(() -> VouchMain.run(new String[] {"run", "--data-dir", dir.toString(), "--set",
            "edge.sip.udp.port=70000"}));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("edge.sip.udp.port") && r.err().contains("must be in [-1, 65535]"), r.err());

        r = capture(() -> VouchMain.run(new String[] {"run", "--data-dir", dir.toString(), "--set",
            "vertx.event.loops=0"}));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("vertx.event.loops") && r.err().contains("must be in [1, 1024]"), r.err());
    }

    @Test
    void anUnknownKeyStopsStartUpNamingIt(@TempDir Path dir) throws Exception {
        Run r = capture(() -> VouchMain.run(new String[] {"run", "--data-dir", dir.toString(), "--set",
            "edge.max.inflight=5"}));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown configuration key edge.max.inflight (did you mean edge.max.in.flight?)"),
                r.err());

        Path file = dir.resolve("vouch.json");
        Files.writeString(file, new JsonObject().put("registrar", new JsonObject().put("max.contacts", 3)).encode());
        r = capture(() -> VouchMain.run(new String[] {"run", "--data-dir", dir.toString(), "--config",
            file.toString()}));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown configuration key registrar.max.contacts"), r.err());
    }

    @Test
    void oldNamesNestedSectionsAndFlagsReadAsTheCurrentKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vouch.json");
        Files.writeString(file, new JsonObject()
                .put("sip.host", "10.0.0.1")
                .put("edge", new JsonObject().put("max.in.flight", 77).put("tls.trusted.peers", "sbc.example=sbc"))
                .put("identity", new JsonObject().put("sign.trusted.sources", new JsonArray().add("source:10.0.0.9"))
                        .put("sign.rcd", new JsonObject().put("acme", new JsonObject().put("nam", "Acme"))))
                .put("auth", new JsonObject().put("auth.realms", "example.com"))
                .put("registrar", new JsonObject().put("stage", new JsonObject().put("max.in.flight", 12)))
                .encode());
        LaunchOptions o = LaunchOptions.parse(new String[] {"--data-dir", dir.toString(), "--config",
            file.toString(), "--set", "trusted.sources=10.0.0.9", "--set", "kafka.producer.linger.ms=0"});
        JsonObject c = o.config();
        assertEquals("10.0.0.1", c.getValue("edge.sip.host"), "the file's old name overrides the default");
        assertEquals(77, c.getValue("edge.max.in.flight"));
        assertEquals("sbc.example=sbc", c.getValue("edge.trusted.peers"));
        assertEquals(new JsonArray().add("source:10.0.0.9"), c.getValue("identity.trusted.sources"));
        assertEquals(new JsonObject().put("acme", new JsonObject().put("nam", "Acme")), c.getValue("identity.sign.rcd"));
        assertEquals("example.com", c.getValue("auth.realms"));
        assertEquals(12, c.getValue("registrar.stage.max.in.flight"));
        assertEquals("10.0.0.9", c.getValue("edge.trusted.sources"));
        assertEquals("0", c.getValue("kafka.producer.linger.ms"));
        assertEquals(dir.toString(), c.getValue("edge.data.dir"));
        assertFalse(c.containsKey("sip.host") || c.containsKey("trusted.sources") || c.containsKey("edge"));
        assertEquals(12, io.vouch.runtime.StageConfig.from(c, "registrar", java.util.List.of("t")).maxInFlight());
        assertEquals(256, io.vouch.runtime.StageConfig.from(c, "auth", java.util.List.of("t")).maxInFlight());
    }

    @Test
    void vouchConfigPrintsEveryDeclaredKey() throws Exception {
        Run r = capture(() -> VouchMain.run(new String[] {"config"}));
        assertEquals(0, r.exit());
        for (ConfigDef d : VouchConfig.MODEL.components()) {
            for (ConfigDef.Key k : d.keys()) {
                assertTrue(r.out().contains("\n  " + k.name() + "\n      " + k.doc() + "\n"), k.name());
            }
        }
        assertTrue(r.out().contains("type: integer; default: 5000; valid: at least 1"), r.out());
        Run help = capture(() -> VouchMain.run(new String[] {"run", "--help-config"}));
        assertEquals(r.out(), help.out());
    }
}
