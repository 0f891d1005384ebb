package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.loadtest.Scenario;
import io.vouch.loadtest.SipUser;
import io.vouch.loadtest.UserFile;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    @Test
    void mixHoldsEachScenarioItsWeightInEveryWindowAndSpreadsThem() {
        ScenarioMix mix = new ScenarioMix(Map.of(Scenario.OPTIONS, 3, Scenario.REGISTER, 1));
        for (int window = 0; window < 5; window++) {
            Map<Scenario, Integer> counts = new EnumMap<>(Scenario.class);
            for (int i = 0; i < 4; i++) {
                counts.merge(mix.scenarioOf(window * 4L + i), 1, Integer::sum);
            }
            assertEquals(Map.of(Scenario.OPTIONS, 3, Scenario.REGISTER, 1), counts);
        }
        ScenarioMix even = new ScenarioMix(Map.of(Scenario.OPTIONS, 2, Scenario.REGISTER, 2));
        assertTrue(even.scenarioOf(0) != even.scenarioOf(1), "interleaved, not in blocks");
    }

    @Test
    void userFilesAcceptCsvAndSippInjectionFormats() {
        UserFile.Result csv = UserFile.parse(List.of("# users", "alice,secret", "", "bob,pw,example.com"), "t");
        assertEquals(List.of(new SipUser("alice", "secret", Optional.empty()),
                new SipUser("bob", "pw", Optional.of("example.com"))), assertInstanceOf(UserFile.Loaded.class, csv).users());

        UserFile.Result sipp = UserFile.parse(List.of("SEQUENTIAL", "carol;p,w"), "t");
        assertEquals(List.of(new SipUser("carol", "p,w", Optional.empty())),
                assertInstanceOf(UserFile.Loaded.class, sipp).users());

        assertTrue(assertInstanceOf(UserFile.Invalid.class, UserFile.parse(List.of("alice"), "t")).reason()
                .contains("line 1"));
        assertInstanceOf(UserFile.Invalid.class, UserFile.parse(List.of("# nothing"), "t"));
    }

    @Test
    void idsAreUniqueAndBranchesCarryTheMagicCookie() {
        Ids ids = new Ids(1);
        String a = ids.branch();
        String b = ids.branch();
        assertTrue(a.startsWith("z9hG4bK") && b.startsWith("z9hG4bK"));
        assertTrue(!a.equals(b));
        assertTrue(!new Ids(2).branch().equals(a), "runs differ");
    }

    @Test
    void timerQueueRunsDueTasksInDeadlineOrderOnly() {
        TimerQueue q = new TimerQueue();
        StringBuilder order = new StringBuilder();
        q.schedule(30, () -> order.append('c'));
        q.schedule(10, () -> order.append('a'));
        q.schedule(20, () -> order.append('b'));
        assertEquals(2, q.runDue(20));
        assertEquals("ab", order.toString());
        assertEquals(1, q.size());
    }

    @Test
    void warmUpRunsWholeRoundsOfEveryScenarioInMemory() {
        io.vouch.loadtest.LoadTestConfig c = io.vouch.loadtest.LoadTestConfig.builder()
                .target(new java.net.InetSocketAddress("127.0.0.1", 5060))
                .mix(Map.of(Scenario.OPTIONS, 1, Scenario.REGISTER, 1, Scenario.INVITE_SIGN, 1, Scenario.INVITE_VERIFY, 1))
                .users(List.of(new SipUser("u", "p", Optional.empty()))).build();
        long done = WarmUp.round(c, 400, System.nanoTime() + 60_000_000_000L);
        assertEquals(400, done, "every in-memory call completes");
        WarmUp.Report r = WarmUp.run(c, java.time.Duration.ofMillis(300));
        assertTrue(r.calls() > 0 && r.cpuMicrosPerCall() > 0, r.toString());
    }
}
