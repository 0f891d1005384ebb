package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.Scenario;
import io.vouch.loadtest.TransportProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @TempDir
    Path dir;

    private static LoadTestConfig run(String... args) {
        CommandLine.Parsed p = CommandLine.parse(args);
        return assertInstanceOf(CommandLine.Run.class, p, () -> p.toString()).config();
    }

    private static String invalid(String... args) {
        return assertInstanceOf(CommandLine.Invalid.class, CommandLine.parse(args)).message();
    }

    @Test
    void defaultsAreOptionsOverUdpToTheLocalEdgeForThirtySeconds() {
        LoadTestConfig c = run();
        assertEquals("127.0.0.1", c.target().getAddress().getHostAddress());
        assertEquals(5060, c.target().getPort());
        assertEquals(TransportProtocol.UDP, c.transport());
        assertEquals(Map.of(Scenario.OPTIONS, 1), c.scenarios());
        assertEquals(Duration.ofSeconds(30).toNanos(), c.profile().totalNanos());
        assertEquals(3000, c.profile().expectedCalls(), 1e-9);
    }

    @Test
    void tlsDefaultsToPort5061() {
        assertEquals(5061, run("--transport", "tls").target().getPort());
        assertEquals(6000, run("--transport", "tls", "--target", "127.0.0.1:6000").target().getPort());
    }

    @Test
    void refusesNonLoopbackTargetsUnlessExplicitlyAllowed() {
        assertTrue(invalid("--target", "192.0.2.10:5060").contains("--allow-non-loopback"));
        assertEquals("192.0.2.10",
                run("--target", "192.0.2.10:5060", "--allow-non-loopback").target().getAddress().getHostAddress());
        assertEquals(5070, run("--target", "[::1]:5070").target().getPort());
        assertTrue(run("--target", "localhost").target().getAddress().isLoopbackAddress());
    }

    @Test
    void stepsAndFindMaxBuildOneSegmentPerStep() {
        LoadTestConfig c = run("--steps", "500,1000,2000", "--step-duration", "20s", "--find-max", "--ramp", "5s");
        assertEquals(3, c.profile().stepCount());
        assertEquals(Duration.ofSeconds(65).toNanos(), c.profile().totalNanos());
        assertTrue(c.findMax());

        LoadTestConfig generated = run("--find-max", "--rate", "1000", "--step-increment", "500", "--max-rate",
                "3000", "--step-duration", "2s");
        assertEquals(5, generated.profile().stepCount());
        assertEquals(3000, generated.profile().stepRate(4));
    }

    @Test
    void mixWeightsAndUsersFileAreRead() throws Exception {
        Path users = dir.resolve("users.csv");
        Files.writeString(users, "SEQUENTIAL\nalice;secret;example.com\nbob;pw\n");
        LoadTestConfig c = run("--scenario", "mix", "--mix", "options=2,register=1,invite-verify=0",
                "--users", users.toString(), "--algorithm", "sha-256");
        assertEquals(Map.of(Scenario.OPTIONS, 2, Scenario.REGISTER, 1), c.scenarios());
        assertEquals(2, c.users().size());
        assertEquals(Optional.of("example.com"), c.users().getFirst().domain());
        assertEquals("SHA-256", c.algorithm());
    }

    @Test
    void badValuesNameTheOption() {
        assertTrue(invalid("--rate", "fast").startsWith("--rate"));
        assertTrue(invalid("--duration", "10 parsecs").startsWith("--duration"));
        assertTrue(invalid("--transport", "sctp").startsWith("--transport"));
        assertTrue(invalid("--scenario", "bye").startsWith("--scenario"));
        assertTrue(invalid("--scenario", "register").contains("--users"));
        assertTrue(invalid("--algorithm", "SHA-1").contains("--algorithm"));
        assertTrue(invalid("--bogus").contains("unknown option"));
        assertTrue(invalid("--rate").contains("needs a value"));
        assertTrue(invalid("--duration", "7h").contains("bound"));
        assertTrue(invalid("--users", dir.resolve("missing.csv").toString()).startsWith("--users"));
    }

    @Test
    void durationsAcceptMillisecondsSecondsMinutesAndHours() {
        assertEquals(Optional.of(Duration.ofMillis(500)), CommandLine.parseDuration("500ms"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), CommandLine.parseDuration("10"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), CommandLine.parseDuration("1.5s"));
        assertEquals(Optional.of(Duration.ofMinutes(2)), CommandLine.parseDuration("2m"));
        assertEquals(Optional.of(Duration.ofHours(1)), CommandLine.parseDuration("1h"));
        assertEquals(Optional.empty(), CommandLine.parseDuration("-1s"));
    }

    @Test
    void helpListsEveryOptionTheBriefPromises() {
        String help = assertInstanceOf(CommandLine.Help.class, CommandLine.parse(new String[] {"--help"})).text();
        for (String option : new String[] {"--target", "--transport", "--scenario", "--rate", "--ramp", "--steps",
                "--step-duration", "--duration", "--max-calls", "--users", "--algorithm", "--out", "--html",
                "--find-max", "--cert-server-port", "--progress", "--allow-non-loopback"}) {
            assertTrue(help.contains(option), option);
        }
    }
}
