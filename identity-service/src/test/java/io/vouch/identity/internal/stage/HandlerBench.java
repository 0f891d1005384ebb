package io.vouch.identity.internal.stage;

import io.vouch.identity.IdentityConfig;
import io.vouch.identity.TestPki;
import io.vouch.identity.internal.sign.AttestationPolicy;
import io.vouch.identity.internal.sign.PassportSigner;
import io.vouch.identity.internal.sign.SigningKeyStore;
import io.vouch.identity.internal.sign.StirAuthenticator;
import io.vouch.identity.internal.sign.TnAssignments;
import io.vouch.identity.internal.verify.IdentityVerifier;
import io.vouch.identity.internal.verify.VerifierFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.SipEvent;
import io.vouch.runtime.Outcome;
import io.vouch.runtime.StageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Timing harness (not a unit test): signed and verified INVITEs per second through {@link IdentityHandler} alone
 * (SIP decode, policy, ES256 on the crypto pool, SIP encode; no Kafka, no edge), closed loop, with p50/p99.
 * Run: {@code java [-Dcrypto.sign.provider=BC] [-Dcrypto.verify.provider=SunEC] -cp <test classpath>
 * io.vouch.identity.internal.stage.HandlerBench [seconds] [clients] [sign|verify]}.
 */
public final class HandlerBench {
    private HandlerBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String which = args.length > 2 ? args[2] : "both";
        int cores = Runtime.getRuntime().availableProcessors();
        try (VerifierFixture f = new VerifierFixture()) {
            Path key = TestPki.writePkcs8(Files.createTempFile("bench", ".pem"), f.leaf.key().getPrivate());
            IdentityConfig config = IdentityConfig.from(new JsonObject().put("sign.keys", new JsonArray().add(
                    new JsonObject().put("id", "k").put("key.file", key.toString()).put("x5u", f.x5u)))
                    .put("verify.replay.entries", 10_000_000)
                    .put("crypto.sign.provider", System.getProperty("crypto.sign.provider", "SunEC"))
                    .put("crypto.verify.provider", System.getProperty("crypto.verify.provider", "BC")));
            ExecutorService crypto = Executors.newFixedThreadPool(cores);
            StirAuthenticator auth = new StirAuthenticator(SigningKeyStore.load(config.keys()),
                    new AttestationPolicy(TnAssignments.inMemory().assign(VerifierFixture.ORIG, "acme")),
                    new PassportSigner(config.signProvider()), java.time.Clock.systemUTC());
            IdentityVerifier verifier = new IdentityVerifier(config.verifier(), f.fetcher, crypto,
                    java.time.Clock.systemUTC());
            IdentityHandler h = new IdentityHandler(config, Optional.of(auth), verifier, Optional.empty(),
                    Optional.empty(), crypto, IdentityMetrics.noop(), java.time.Clock.systemUTC());
            System.out.printf("java %s, %d cores, crypto pool %d, %d clients, sign %s / verify %s%n",
                    System.getProperty("java.version"), cores, cores, clients, config.signProvider(),
                    config.verifier().provider());
            IntFunction<SipEvent> sign = i -> IdentityHandlerTest.event(
                    IdentityHandlerTest.invite("").replace("a84b4c76e66710", "c" + i), "tx" + i,
                    IdentityHandlerTest.authenticated("acme"));
            if (!which.equals("verify")) {
                run("sign  ", h, sign, seconds / 4, clients);
                run("sign  ", h, sign, seconds, clients).print();
            }
            if (!which.equals("sign")) {
                String identity = IdentityHandlerTest.response(h, sign.apply(0)).identities().getFirst();
                IntFunction<SipEvent> verify = i -> IdentityHandlerTest.event(IdentityHandlerTest.invite(
                        "Identity: " + identity + "\r\n"), "tx" + i);
                run("verify", h, verify, seconds / 4, clients);
                run("verify", h, verify, seconds, clients).print();
            }
            crypto.shutdownNow();
        }
        System.exit(0);
    }

    private record Result(String name, double perSecond, double p50Ms, double p99Ms, int errors) {
        void print() {
            System.out.printf("%s %8.0f INVITE/s  p50 %.2f ms  p99 %.2f ms  non-302: %d%n", name, perSecond, p50Ms,
                    p99Ms, errors);
        }
    }

    private static Result run(String name, IdentityHandler h, IntFunction<SipEvent> events, double seconds,
                              int clients) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicInteger seq = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<long[]> lat = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[clients];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] l = new long[2_000_000];
            lat.add(l);
            int ci = c;
            Thread t = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < l.length) {
                    SipEvent e = events.apply(seq.incrementAndGet());
                    long t0 = System.nanoTime();
                    List<Outcome> out = h.handle(new StageRecord("t", 0, 0, "k", e, 0)).toCompletionStage()
                            .toCompletableFuture().join();
                    l[n++] = System.nanoTime() - t0;
                    String sip = ((Outcome.Reply) out.getFirst()).reply().getSip().toStringUtf8();
                    if (!sip.startsWith("SIP/2.0 302")) {
                        errors.incrementAndGet();
                    }
                }
                counts[ci] = n;
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(lat.get(c), 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        if (total == 0) {
            return new Result(name, 0, 0, 0, errors.get());
        }
        return new Result(name, total / took, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6, errors.get());
    }
}
