package io.vouch.loadtest.internal;

import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.SipUser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the run's scenarios against an {@link InMemoryUas} on a virtual clock before the real run starts, until the
 * CPU cost per call stops falling (the JIT has compiled the tool's hot paths: templates, codec, digest,
 * transactions, statistics), so a cold tool does not show up as latency of the system under test. Sends nothing
 * over the network.
 */
public final class WarmUp {

    /** What the warm-up did: calls run and the CPU time per call of the last round, in microseconds. */
    public record Report(long calls, double cpuMicrosPerCall) {
    }

    private static final int ROUND = 5_000;
    private static final long MIN_CALLS = 40_000;

    private WarmUp() {
    }

    /** Runs rounds of calls until the per-call CPU time settles (within 20 %) or {@code budget} of wall time passed. */
    public static Report run(LoadTestConfig config, Duration budget) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + budget.toNanos();
        long total = 0;
        double best = Double.MAX_VALUE;
        double last = 0;
        while (System.nanoTime() < deadline) {
            long cpu = threads.getCurrentThreadCpuTime();
            long n = round(config, ROUND, deadline);
            last = n == 0 ? 0 : (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / n;
            total += n;
            if (total >= MIN_CALLS && last > best * 0.8) {
                break;
            }
            best = Math.min(best, last);
        }
        return new Report(total, last);
    }

    /** One round of {@code calls} calls on a fresh engine; returns the calls completed. */
    static long round(LoadTestConfig config, long calls, long deadlineNanos) {
        LoadTestConfig warm = LoadTestConfig.builder()
                .target(new InetSocketAddress("127.0.0.1", 5060))
                .mix(config.scenarios())
                .algorithm(config.algorithm())
                .rate(1_000_000).duration(Duration.ofSeconds(60)).maxCalls(calls)
                .users(config.users().isEmpty()
                        ? List.of(new SipUser("warmup", "warmup", Optional.empty())) : config.users())
                .build();
        long[] now = {0};
        LoadEngineRef ref = new LoadEngineRef();
        InMemoryUas[] uasRef = new InMemoryUas[1];
        InMemoryUas uas = new InMemoryUas(m -> ref.get().onMessage(m, uasRef[0]));
        uasRef[0] = uas;
        IdentitySource identities = (orig, dest, ok, failed) -> ok.accept("a.b.c;info=<https://x/c.pem>;ppt=shaken");
        LoadEngine engine = new LoadEngine(warm, index -> uas, identities, () -> now[0], 1);
        ref.set(engine);
        while (!engine.finished() && System.nanoTime() < deadlineNanos) {
            now[0] += 1_000_000;
            engine.tick();
        }
        return engine.stats().done();
    }
}
