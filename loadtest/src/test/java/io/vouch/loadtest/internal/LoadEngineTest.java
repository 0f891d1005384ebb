package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.LoadTestResult;
import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.Scenario;
import io.vouch.loadtest.SipUser;
import io.vouch.sip.DecodeResult;
import io.vouch.sip.SipMessage;
import io.vouch.sip.SipMessageDecoder;
import io.vouch.sip.SipMessageEncoder;
import io.vouch.sip.SipRequest;
import io.vouch.sip.SipResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine on a virtual clock, against in-process far ends: no sockets, exact times. */
class LoadEngineTest {

    private static final long MS = 1_000_000L;

    private long now;

    private static LoadTestConfig.Builder config() {
        return LoadTestConfig.builder().target(new InetSocketAddress("127.0.0.1", 5060)).warmUp(false)
                .users(List.of(new SipUser("alice", "secret", Optional.empty()),
                        new SipUser("bob", "secret", Optional.of("example.com"))));
    }

    /** An unreliable flow from 127.0.0.1:5999, as the engine sees it. */
    private abstract static class TestUdpFlow implements SipFlow {
        @Override
        public String transport() {
            return "UDP";
        }

        @Override
        public boolean reliable() {
            return false;
        }

        @Override
        public String localHostPort() {
            return "127.0.0.1:5999";
        }
    }

    /** A far end that answers with {@code answer} after {@code delayMs} of virtual time (or never, if null). */
    private final class DelayedFlow extends TestUdpFlow {
        private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
        private final SipMessageDecoder decoder = new SipMessageDecoder();
        private final long delayMs;
        private final java.util.function.Function<SipRequest, SipResponse> answer;
        private LoadEngine engine;
        long received;

        DelayedFlow(long delayMs, java.util.function.Function<SipRequest, SipResponse> answer) {
            this.delayMs = delayMs;
            this.answer = answer;
        }

        @Override
        public void send(byte[] message, Consumer<Throwable> onError) {
            received++;
            if (answer != null && decoder.decode(message) instanceof DecodeResult.Parsed p
                    && p.message() instanceof SipRequest req && !req.method().equals("ACK")) {
                byte[] bytes = new SipMessageEncoder().encode(answer.apply(req));
                pending.add(new Object[] {now + delayMs * MS, bytes});
            }
        }

        void deliverDue() {
            while (!pending.isEmpty() && (long) pending.peek()[0] <= now) {
                byte[] bytes = (byte[]) pending.poll()[1];
                SipMessage m = ((DecodeResult.Parsed) decoder.decode(bytes)).message();
                engine.onMessage(m, this);
            }
        }
    }

    private LoadEngine engine(LoadTestConfig c, SipFlow flow) {
        return new LoadEngine(c, index -> flow, IdentitySource.NONE, () -> now, 7);
    }

    private void run(LoadEngine engine, DelayedFlow flow, long untilMs) {
        while (now < untilMs * MS && !engine.finished()) {
            now += MS;
            if (flow != null) {
                flow.deliverDue();
            }
            engine.tick();
        }
    }

    @Test
    void callsAreIssuedAtTheirIntendedTimesEvenWhenNothingAnswers() {
        DelayedFlow silent = new DelayedFlow(0, null);
        silent.engine = engine(config().rate(100).duration(Duration.ofSeconds(2)).build(), silent);
        run(silent.engine, silent, 999);

        assertEquals(100, silent.engine.stats().issued(), "open loop: 100 calls in the first second");
        assertEquals(100, silent.engine.active());
        run(silent.engine, silent, 40_000);
        assertTrue(silent.engine.finished());
        assertEquals(200L, silent.engine.stats().outcomes().get(Outcome.TIMEOUT));
    }

    @Test
    void everyScenarioSucceedsAgainstTheInMemoryUas() {
        LoadTestConfig c = config().mix(Map.of(Scenario.OPTIONS, 1, Scenario.REGISTER, 1, Scenario.INVITE_SIGN, 1,
                Scenario.INVITE_VERIFY, 1)).rate(400).duration(Duration.ofSeconds(1)).algorithm("SHA-256").build();
        LoadEngineRef ref = new LoadEngineRef();
        InMemoryUas[] uas = new InMemoryUas[1];
        uas[0] = new InMemoryUas(m -> ref.get().onMessage(m, uas[0]));
        IdentitySource ids = (orig, dest, ok, failed) -> ok.accept("h.p.s;info=<https://127.0.0.1/c.pem>;ppt=shaken");
        LoadEngine engine = new LoadEngine(c, index -> uas[0], ids, () -> now, 7);
        ref.set(engine);
        run(engine, null, 5_000);

        RunStats s = engine.stats();
        assertTrue(engine.finished());
        assertEquals(400, s.succeeded());
        assertEquals(Map.of(200, 200L, 401, 100L, 407, 100L, 302, 200L), s.finalCodes());
        assertEquals(300, s.acksSent(), "every 407 and 302 to an INVITE is ACKed");
        long options = 100;
        long registers = 200;
        long invites = 300;
        assertEquals(options + registers + invites + 300, uas[0].received(), "requests and ACKs reached the UAS");
    }

    @Test
    void responseTimeCountsAGeneratorStallThatServiceTimeHides() {
        DelayedFlow flow = new DelayedFlow(5, req -> SipResponse.forRequest(req, 200, "OK").build());
        LoadTestConfig c = config().rate(1000).duration(Duration.ofMillis(200)).build();
        flow.engine = engine(c, flow);
        run(flow.engine, flow, 100);
        // The generator is frozen for 50 ms: the 50 calls due meanwhile go out together at 150 ms.
        now += 50 * MS;
        run(flow.engine, flow, 1_000);

        LoadTestResult r = ResultAssembler.assemble(c, flow.engine,
                Instant.EPOCH, 1, Optional.empty());
        assertEquals(200, r.succeeded());
        assertEquals(5.0, r.serviceTime().p50Ms(), 0.01, "answers come 5 ms after the send");
        assertTrue(r.responseTime().maxMs() >= 54, "the first call due in the stall waited 50 ms + 5 ms");
        assertTrue(r.responseTime().p90Ms() >= 25, "a quarter of the calls fell in the stall");
        assertTrue(r.serviceTime().p90Ms() <= 5.01, "the send-to-answer view hides it");
        assertTrue(r.schedulerLag().maxMs() >= 49);
    }

    @Test
    void findMaxStopsIssuingAtTheFirstFailedCallAndReportsTheLastPassingStep() {
        // Answers 200 for the first two seconds, 503 from then on: steps at 10, 20 pass, 40 fails.
        DelayedFlow flow = new DelayedFlow(1, req -> SipResponse.forRequest(req, now < 2_000 * MS ? 200 : 503,
                "X").build());
        LoadTestConfig c = config().findMax(true).steps(List.of(10.0, 20.0, 40.0, 80.0))
                .stepDuration(Duration.ofSeconds(1)).build();
        flow.engine = engine(c, flow);
        run(flow.engine, flow, 10_000);

        LoadTestResult r = ResultAssembler.assemble(c, flow.engine, Instant.EPOCH, 10, Optional.empty());
        assertEquals(20.0, r.maxSustainableRate().orElseThrow());
        assertEquals(1, r.failed(), "issuing stopped at the first failure");
        assertEquals(Map.of("503 X", 1L), r.failureDetails());
        assertEquals(31, r.issued());
        assertTrue(r.stopReason().startsWith("step 3 failed"), r.stopReason());
        assertEquals(0, r.steps().get(3).calls());
        assertFalse(r.steps().get(2).passed());
        assertEquals(2.0, r.scheduledSeconds(), 0.01);
    }

    @Test
    void findMaxFailsAStepWhoseP99IsOverTheBound() {
        DelayedFlow flow = new DelayedFlow(30, req -> SipResponse.forRequest(req, 200, "OK").build());
        LoadTestConfig c = config().findMax(true).steps(List.of(10.0, 20.0)).stepDuration(Duration.ofSeconds(1))
                .maxP99(Duration.ofMillis(20)).build();
        flow.engine = engine(c, flow);
        run(flow.engine, flow, 10_000);

        LoadTestResult r = ResultAssembler.assemble(c, flow.engine, Instant.EPOCH, 10, Optional.empty());
        assertTrue(r.maxSustainableRate().isEmpty());
        assertTrue(r.steps().getFirst().verdict().startsWith("p99"), r.steps().getFirst().verdict());
        assertTrue(r.steps().get(1).calls() < 20, "stopped once the first step was judged");
        assertFalse(r.steps().get(1).judged());
    }

    @Test
    void callsBeyondTheInFlightBoundAreCountedNotSent() {
        DelayedFlow silent = new DelayedFlow(0, null);
        silent.engine = engine(config().rate(100).duration(Duration.ofMillis(100)).maxInFlight(5).build(), silent);
        run(silent.engine, silent, 100);

        assertEquals(10, silent.engine.stats().issued());
        assertEquals(5L, silent.engine.stats().outcomes().get(Outcome.NOT_SENT));
        assertEquals(5, silent.received);
    }

    /** A notifier: 200 to each SUBSCRIBE, then (unless {@code notify} is false) a NOTIFY in its dialog. */
    private final class NotifierFlow extends TestUdpFlow {
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private final SipMessageDecoder decoder = new SipMessageDecoder();
        private final boolean notify;
        private LoadEngine engine;
        int notifyAnswers200;

        NotifierFlow(boolean notify) {
            this.notify = notify;
        }

        @Override
        public void send(byte[] message, Consumer<Throwable> onError) {
            SipMessage m = ((DecodeResult.Parsed) decoder.decode(message)).message();
            if (m instanceof SipResponse r && r.cseq().method().equals("NOTIFY") && r.status() == 200) {
                notifyAnswers200++;
            } else if (m instanceof SipRequest req && req.method().equals("SUBSCRIBE")) {
                assertEquals("certificate", req.headers().first("Event").orElseThrow());
                assertEquals("0", req.headers().first("Expires").orElseThrow());
                pending.add(new SipMessageEncoder().encode(SipResponse.forRequest(req, 200, "OK", "n1").build()));
                if (notify) {
                    pending.add(("NOTIFY sip:loadtest@127.0.0.1:5999 SIP/2.0\r\n"
                            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKn" + req.callId().hashCode() + "\r\n"
                            + "From: " + req.to().toString() + ";tag=n1\r\nTo: " + req.from().toString() + "\r\n"
                            + "Call-ID: " + req.callId() + "\r\nCSeq: 1 NOTIFY\r\nMax-Forwards: 70\r\n"
                            + "Event: certificate\r\nSubscription-State: terminated;reason=timeout\r\n"
                            + "Content-Length: 0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }

        void deliverAll() {
            while (!pending.isEmpty()) {
                engine.onMessage(((DecodeResult.Parsed) decoder.decode(pending.poll())).message(), this);
            }
        }
    }

    private void runNotifier(LoadEngine engine, NotifierFlow flow, long untilMs) {
        while (now < untilMs * MS && !engine.finished()) {
            now += MS;
            flow.deliverAll();
            engine.tick();
        }
    }

    @Test
    void certSubscribeSucceedsOnceTheNotifyCameAndAnswersIt() {
        NotifierFlow notifier = new NotifierFlow(true);
        notifier.engine = engine(config().scenario(Scenario.CERT_SUBSCRIBE).rate(50)
                .duration(Duration.ofSeconds(1)).build(), notifier);
        runNotifier(notifier.engine, notifier, 40_000);
        assertTrue(notifier.engine.finished());
        assertEquals(50L, notifier.engine.stats().outcomes().get(Outcome.SUCCESS));
        assertEquals(50, notifier.engine.stats().notifyLatency().count());
        assertEquals(50, notifier.notifyAnswers200);
        assertEquals(0, notifier.engine.stats().unexpectedRequests());
    }

    @Test
    void certSubscribeWithoutANotifyTimesOut() {
        NotifierFlow silent = new NotifierFlow(false);
        silent.engine = engine(config().scenario(Scenario.CERT_SUBSCRIBE).rate(10)
                .duration(Duration.ofSeconds(1)).build(), silent);
        runNotifier(silent.engine, silent, 120_000);
        assertTrue(silent.engine.finished());
        assertEquals(10L, silent.engine.stats().outcomes().get(Outcome.TIMEOUT));
        assertEquals(0, silent.engine.stats().notifyLatency().count());
    }
}
