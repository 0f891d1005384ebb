package io.vouch.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Short, bounded runs of the load tester against a real SIP UAS on loopback, over real UDP and TCP sockets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadTestIT {

    private static final Map<String, String> PASSWORDS = Map.of("alice", "wonderland", "bob", "builder",
            "carol", "c4r0l;x");

    private Vertx vertx;
    private TestUas uas;
    private final List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        if (uas != null) {
            uas.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private LoadTestConfig.Builder base(TransportProtocol transport) {
        int port = switch (transport) {
            case UDP -> uas.udpPort();
            case TCP -> uas.tcpPort();
            case TLS -> uas.tlsPort();
            case WS, WSS -> throw new IllegalArgumentException("the test UAS has no WebSocket listener");
        };
        return LoadTestConfig.builder().target(new InetSocketAddress("127.0.0.1", port)).transport(transport)
                .users(PASSWORDS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new SipUser(e.getKey(), e.getValue(), Optional.empty())).toList())
                .pkiDir(dir.resolve("pki")).warmUp(false);
    }

    @Test
    void optionsOverUdpAtTwoHundredPerSecondForTwoSecondsAllSucceed() throws Exception {
        uas = TestUas.start(vertx, TestUas.Behaviour.normal(), PASSWORDS);
        LoadTestResult r = LoadTest.run(base(TransportProtocol.UDP).scenario(Scenario.OPTIONS).rate(200)
                .duration(Duration.ofSeconds(2)).warmUp(true).build(), progress::add);

        assertEquals(400, r.issued());
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("loopback warm-up: ") && l.contains(" of 1000 calls")),
                "the loopback warm-up ran against the in-process responder: " + progress);
        assertEquals(400, r.succeeded(), () -> r.toJson().encodePrettily());
        assertEquals(400L, r.responseCodes().get(200));
        assertEquals(400, uas.requests("OPTIONS"));
        // Without loss nothing is retransmitted unless an answer took longer than T1 (a busy machine); the UAS
        // can never have seen more retransmissions than were sent.
        assertTrue(uas.retransmissionsSeen.get() <= r.retransmissions());
        assertEquals(200, r.achievedRate(), 1.0);
        assertTrue(r.responseTime().p50Ms() > 0 && r.responseTime().p50Ms() <= r.responseTime().p99Ms());
        assertTrue(r.serviceTime().p99Ms() <= r.responseTime().p99Ms() + 1, "service time never exceeds response time");
        assertTrue(r.intervals().size() >= 2, "intervals " + r.intervals());
        assertTrue(progress.size() >= 1, "a progress line per second");
    }

    @Test
    void registerWithSha256DigestRetransmitsLostRequestsAndSucceeds() throws Exception {
        uas = TestUas.start(vertx, new TestUas.Behaviour(25, true, 0, false), PASSWORDS);
        LoadTestResult r = LoadTest.run(base(TransportProtocol.UDP).scenario(Scenario.REGISTER).algorithm("SHA-256")
                .t1(Duration.ofMillis(100)).rate(200).duration(Duration.ofSeconds(2)).build(), progress::add);

        assertEquals(400, r.succeeded(), () -> r.toJson().encodePrettily());
        assertEquals(400L, r.responseCodes().get(401));
        assertEquals(400L, r.responseCodes().get(200));
        assertEquals(0, uas.badDigests.get());
        assertEquals(800, r.firstTransmissions());
        // Every 25th first transmission was dropped: each comes back as a retransmission after T1.
        assertTrue(uas.retransmissionsSeen.get() >= 800 / 25, "seen " + uas.retransmissionsSeen.get());
        assertTrue(r.retransmissions() >= uas.retransmissionsSeen.get(), "retransmissions " + r.retransmissions());
        assertTrue(r.retransmissionRatio() >= 0.04);
        assertTrue(r.responseTime().maxMs() >= 100, "a retransmitted call takes at least T1");
    }

    @Test
    void mixOverTcpSignsVerifiesAuthenticatesAndAcksEveryNon2xxFinalToInvite() throws Exception {
        uas = TestUas.start(vertx, TestUas.Behaviour.normal(), PASSWORDS);
        LoadTestResult r = LoadTest.run(base(TransportProtocol.TCP).connections(2)
                .mix(Map.of(Scenario.OPTIONS, 1, Scenario.REGISTER, 1, Scenario.INVITE_SIGN, 1,
                        Scenario.INVITE_VERIFY, 1))
                .rate(200).duration(Duration.ofSeconds(2)).build(), progress::add);

        assertEquals(400, r.succeeded(), () -> r.toJson().encodePrettily());
        assertEquals(100, uas.requests("OPTIONS"));
        // invite-sign: 407 then 302 (two INVITE transactions); invite-verify: one INVITE answered 302.
        assertEquals(300, uas.requests("INVITE"));
        assertEquals(100L, r.responseCodes().get(407));
        assertEquals(200L, r.responseCodes().get(302));
        assertEquals(300, r.acksSent());
        waitFor(() -> uas.acks.get() == 300);
        assertEquals(0, r.retransmissions(), "TCP never retransmits");
        assertTrue(r.certificateUrl().orElseThrow().startsWith("https://127.0.0.1:"));
        assertTrue(Files.exists(dir.resolve("pki").resolve("ca.pem")));
    }

    @Test
    void optionsOverTlsSpreadOverThreeConnectionsAllSucceed() throws Exception {
        uas = TestUas.start(vertx, TestUas.Behaviour.normal(), PASSWORDS);
        LoadTestResult r = LoadTest.run(base(TransportProtocol.TLS).connections(3).scenario(Scenario.OPTIONS)
                .rate(150).duration(Duration.ofSeconds(1)).build(), progress::add);

        assertEquals(150, r.succeeded(), () -> r.toJson().encodePrettily());
        assertEquals(150, uas.requests("OPTIONS"));
        assertEquals(3, uas.connections.get());
        assertEquals(0, r.retransmissions());
    }

    @Test
    void findMaxStopsAtTheFirstStepTheServerCannotTakeAndReportsTheOneBefore() throws Exception {
        // The UAS answers 503 beyond 400 requests in any second; the first two steps cannot reach that even in
        // one burst after a stall (375 calls in all), the third reaches it within half a second. Latency and
        // retransmission bounds are relaxed so that only failed calls decide on a busy machine, and three more
        // steps leave time for the first 503 to come back before the run would end by itself.
        uas = TestUas.start(vertx, new TestUas.Behaviour(0, true, 400, false), PASSWORDS);
        LoadTestResult r = LoadTest.run(base(TransportProtocol.UDP).scenario(Scenario.OPTIONS).findMax(true)
                .steps(List.of(100.0, 150.0, 1000.0, 1000.0, 1000.0, 1000.0)).stepDuration(Duration.ofMillis(1500))
                .maxP99(Duration.ofSeconds(30)).maxRetransmissionRatio(1.0).build(), progress::add);

        assertEquals(150.0, r.maxSustainableRate().orElseThrow(), () -> r.toJson().encodePrettily());
        assertTrue(r.steps().get(0).passed() && r.steps().get(1).passed());
        assertTrue(!r.steps().get(2).passed() && r.steps().get(2).judged());
        assertTrue(r.stopReason().startsWith("step 3 failed"), r.stopReason());
        assertEquals(0, r.steps().getLast().calls(), "issuing stopped after the failing step");
        assertTrue(r.issued() < r.plannedCalls());
        assertTrue(r.responseCodes().get(503) > 0);
    }

    @Test
    void silentServerMakesEveryCallTimeOutAfterSixtyFourT1WithTimerERetransmissions() throws Exception {
        uas = TestUas.start(vertx, new TestUas.Behaviour(0, true, 0, true), PASSWORDS);
        LoadTestResult r = LoadTest.run(base(TransportProtocol.UDP).scenario(Scenario.OPTIONS)
                .t1(Duration.ofMillis(10)).t2(Duration.ofSeconds(4)).rate(20).duration(Duration.ofMillis(500))
                .build(), progress::add);

        assertEquals(10, r.issued());
        assertEquals(10L, r.outcomes().get("timeout"));
        // Timer E fires at T1, 3T1, 7T1, 15T1, 31T1, 63T1 before Timer F at 64*T1 (RFC 3261 §17.1.2.2).
        assertEquals(60, r.retransmissions());
        assertEquals(0, r.succeeded());
        assertEquals(0, r.responseTime().count(), "failed calls are not in the latency histogram");
    }

    @Test
    void commandLineRunWritesJsonAndHtmlAndExitsZero() throws Exception {
        uas = TestUas.start(vertx, TestUas.Behaviour.normal(), PASSWORDS);
        Path users = dir.resolve("users.csv");
        Files.writeString(users, "alice,wonderland\nbob,builder\n");
        Path json = dir.resolve("out/result.json");
        Path html = dir.resolve("out/report.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LoadTest.execute(new String[] {"--target", "127.0.0.1:" + uas.tcpPort(), "--transport", "tcp",
                "--scenario", "register", "--users", users.toString(), "--algorithm", "MD5", "--rate", "100",
                "--ramp", "500ms", "--duration", "1500ms", "--out", json.toString(), "--html", html.toString(),
                "--progress", "--no-warm-up"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String summary = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, summary + err);
        assertTrue(summary.contains("success"), summary);
        JsonObject result = new JsonObject(Files.readString(json));
        // 25 calls during the 0.5 s ramp (half of 100/s) and 100 during the remaining second.
        assertEquals(125, result.getLong("succeeded"));
        assertEquals(125, result.getJsonObject("response_codes").getLong("200"));
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("All 125 calls succeeded"), page);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("calls/s"), "progress lines on stderr");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }
}
