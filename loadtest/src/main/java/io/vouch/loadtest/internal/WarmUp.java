package io.vouch.loadtest.internal;

import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.SipUser;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the run's scenarios against an {@link InMemoryUas} on a virtual clock before the real run starts, so the
 * JIT has compiled the tool's hot paths (templates, codec, digest, transactions, statistics) and a cold tool does
 * not show up as latency of the system under test. Sends nothing over the network.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /** Runs until {@code maxCalls} calls completed or {@code budget} of wall time passed; returns the calls done. */
    public static long run(LoadTestConfig config, Duration budget, long maxCalls) {
        LoadTestConfig.Builder b = LoadTestConfig.builder()
                .target(new InetSocketAddress("127.0.0.1", 5060))
                .mix(config.scenarios())
                .algorithm(config.algorithm())
                .rate(1_000_000).duration(Duration.ofSeconds(60)).maxCalls(maxCalls)
                .users(config.users().isEmpty()
                        ? List.of(new SipUser("warmup", "warmup", Optional.empty())) : config.users());
        LoadTestConfig warm = b.build();
        long[] now = {0};
        LoadEngineRef ref = new LoadEngineRef();
        InMemoryUas[] uasRef = new InMemoryUas[1];
        InMemoryUas uas = new InMemoryUas(m -> ref.get().onMessage(m, uasRef[0]));
        uasRef[0] = uas;
        IdentitySource identities = (orig, dest, ok, failed) -> ok.accept("a.b.c;info=<https://x/c.pem>;ppt=shaken");
        LoadEngine engine = new LoadEngine(warm, index -> uas, identities, () -> now[0], 1);
        ref.set(engine);
        long end = System.nanoTime() + budget.toNanos();
        while (!engine.finished() && System.nanoTime() < end) {
            now[0] += 1_000_000;
            engine.tick();
        }
        return engine.stats().done();
    }
}
