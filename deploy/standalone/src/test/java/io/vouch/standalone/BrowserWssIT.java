package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.auth.UsersCommand;
import io.vouch.runtime.testing.KafkaTestSupport;
import io.vouch.sip.SipResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real browser through Vouch over WSS (RFC 7118): headless Chromium runs a JsSIP page (deploy/browser) that
 * registers with digest, gets its GRUUs (RFC 5627), receives a MESSAGE (RFC 3428) a second user sends over UDP with
 * digest, delivered over its WebSocket flow (RFC 5626), places an INVITE and is answered 302 with an Identity header
 * (RFC 8224); then the browser is killed without unregistering and its binding must go with its flow.
 *
 * <p>Skipped unless Chromium ({@code /usr/bin/chromium}, or {@code CHROMIUM}), Node.js and
 * {@code deploy/browser/node_modules} ({@code npm ci} there) are present.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BrowserWssIT {
    private static final Path BROWSER_DIR = Path.of("..", "browser").toAbsolutePath().normalize();
    private static final String USER = "12155550100";
    private static final String PASSWORD = "wss-s3cret";
    /** The user who sends the page a MESSAGE over UDP. */
    private static final String SENDER = "alice";
    private static Ensemble ensemble;
    private static Path dataDir;
    private static HttpServer pages;

    @BeforeAll
    static void start() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium);
        // playwright-core needs Node.js 20 or newer
        assumeTrue(run(List.of("node", "-e", "process.exit(+process.versions.node.split('.')[0] >= 20 ? 0 : 1)"),
                BROWSER_DIR) == 0, "no Node.js 20 or newer");
        assumeTrue(Files.isDirectory(BROWSER_DIR.resolve("node_modules/jssip")), "run npm ci in " + BROWSER_DIR);
        assertEquals(0, run(List.of("npm", "run", "--silent", "build"), BROWSER_DIR), "page bundle");

        dataDir = Files.createTempDirectory("vouch-browser-it");
        ensemble = Ensemble.start(LaunchOptions.parse(new String[] {"--data-dir", dataDir.toString(),
            "--kafka-port", "0", "--management-port", "0", "--partitions", "2", "--set", "edge.sip.udp.port=0",
            "--set", "edge.sip.tcp.port=-1", "--set", "edge.sip.tls.port=-1", "--set", "edge.sip.wss.port=0",
            "--set", "edge.pipeline.timeout.ms=10000", "--set", "stir.https.port=0",
            "--set", "cert.repository.https.port=0"}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = UsersCommand.run(new String[] {"add", USER, "--realm", "127.0.0.1", "--kafka",
            ensemble.embeddedBootstrap()}, new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out), new PrintStream(out));
        assertEquals(0, rc, out::toString);
        DeliveryEnsembleIT.addUser(ensemble, SENDER);

        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/index.html", BROWSER_DIR.resolve("page/index.html"), "text/html");
        serve("/page.js", BROWSER_DIR.resolve("build/page.js"), "text/javascript");
        pages.start();
    }

    private static void serve(String path, Path file, String type) {
        pages.createContext(path, exchange -> {
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.stop(0);
        }
        if (ensemble != null) {
            ensemble.close();
        }
        if (dataDir != null) {
            KafkaTestSupport.deleteRecursively(dataDir);
        }
    }

    private static int run(List<String> command, Path dir) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
            return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException | InterruptedException e) {
            return -1;
        }
    }

    private double metric(String name) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ensemble.managementPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    @Test
    void aJsSipPageRegistersOverWssGetsAGruuAndASignedRedirectAndItsBindingGoesWithItsFlow() throws Exception {
        JsonObject cfg = new JsonObject()
                .put("wss", "wss://127.0.0.1:" + ensemble.edge().wssPort())
                .put("uri", "sip:" + USER + "@127.0.0.1")
                .put("password", PASSWORD)
                .put("target", "sip:12155550199@127.0.0.1")
                .put("timeoutMs", 60_000)
                .put("awaitMessage", 30_000)
                .put("vanish", true);
        Process node = new ProcessBuilder("node", "run.mjs",
                "http://127.0.0.1:" + pages.getAddress().getPort() + "/index.html", cfg.encode())
                .directory(BROWSER_DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8)); DeliveryEnsembleIT.Ua sender = new DeliveryEnsembleIT.Ua(SENDER,
                ensemble.edge().udpPort())) {
            long registerBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (metric("vouch_registrar_bindings_active") < 1 && System.nanoTime() < registerBy) {
                Thread.sleep(20);
            }
            assertEquals(1.0, metric("vouch_registrar_bindings_active"), "the page registered");
            // RFC 3428 over RFC 5626: the edge delivers over the page's WebSocket flow, JsSIP answers 200
            String text = "Hello browser, \u00e7a va? \u2713";
            long sentAt = System.nanoTime();
            SipResponse answer = sender.authorized("MESSAGE", "sip:" + USER + "@127.0.0.1",
                    text.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, answer.status(), answer::toString);
            assertEquals(1, answer.vias().size(), "only the sender's Via comes back");
            System.out.printf("MESSAGE over UDP → 407 → MESSAGE → page's 200: %d ms%n",
                    (System.nanoTime() - sentAt) / 1_000_000);

            String line = out.readLine();
            assertTrue(line != null, "the driver printed what the page saw");
            JsonObject seen = new JsonObject(line);
            assertFalse(seen.containsKey("error"), line);

            JsonObject registered = seen.getJsonObject("registered");
            assertEquals(200, registered.getInteger("status"), line);
            assertTrue(registered.getString("via").startsWith("SIP/2.0/WSS "), line);
            assertTrue(registered.getString("via").contains(";received=127.0.0.1"), line);
            String contact = ((JsonArray) registered.getValue("contacts")).getString(0);
            assertTrue(contact.contains(".invalid;transport=ws>"), contact);
            assertTrue(contact.contains("pub-gruu=\"sip:" + USER + "@127.0.0.1;gr=urn:uuid:"), contact);
            assertTrue(contact.matches(".*temp-gruu=\"sip:tgruu\\.[0-9a-f]{32}@127\\.0\\.0\\.1;gr\".*"), contact);

            JsonObject message = seen.getJsonObject("message");
            assertTrue(message != null, "the page received the MESSAGE: " + line);
            assertEquals(text, message.getString("body"), line);
            assertEquals("sip:" + SENDER + "@127.0.0.1", message.getString("from"), line);

            JsonObject invite = seen.getJsonObject("invite");
            assertEquals(302, invite.getInteger("status"), line);
            String identity = invite.getJsonArray("identity").getString(0);
            String[] jws = identity.substring(0, identity.indexOf(';')).split("\\.");
            assertEquals(3, jws.length, identity);
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(jws[1]),
                    StandardCharsets.UTF_8));
            assertEquals(USER, claims.getJsonObject("orig").getString("tn"));
            assertEquals("12155550199", claims.getJsonObject("dest").getJsonArray("tn").getString(0));
            assertTrue(claims.containsKey("mky"), "the page's DTLS fingerprint is signed: " + claims);

            assertEquals(1.0, metric("vouch_registrar_bindings_active"), "the page's binding is held");
            node.getOutputStream().write("vanish\n".getBytes(StandardCharsets.US_ASCII));
            node.getOutputStream().flush();
            long killedAt = new JsonObject(out.readLine()).getLong("killedAt");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (metric("vouch_registrar_bindings_active") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long removedAfter = System.currentTimeMillis() - killedAt;
            assertEquals(0.0, metric("vouch_registrar_bindings_active"), "binding removed with its flow");
            assertEquals(1.0, metric("vouch_registrar_flow_bindings_removed_total"));
            System.out.printf("browser killed → binding removed: %d ms (sampled every 20 ms)%n", removedAfter);
        } finally {
            node.destroyForcibly();
        }
    }
}
