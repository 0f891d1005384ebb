package io.vouch.identity.bench;

import io.vouch.identity.internal.crypto.CryptoProvider;
import io.vouch.identity.internal.crypto.Es256;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Timing harness (not a unit test) for choosing {@code crypto.sign.provider} / {@code crypto.verify.provider}:
 * ES256 sign and verify per provider, on 1 and N threads, over a PASSporT-sized input.
 * Run: {@code java -cp <test classpath> io.vouch.identity.bench.CryptoBench [seconds] [threads]}.
 */
public final class CryptoBench {
    private CryptoBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        byte[] input = ("eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0"
                + ".eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxMjE1NTU1MTIxMyJdfSwiaWF0IjoxNDQzMjA4MzQ1LCJvcmlnIjp7")
                .getBytes();
        System.out.printf("java %s, %d threads, %.1f s per run%n", System.getProperty("java.version"), threads, seconds);
        List<Es256> impls = new ArrayList<>();
        for (CryptoProvider p : CryptoProvider.values()) {
            if (!p.available()) {
                continue;
            }
            Es256 es = new Es256(p.provider());
            impls.add(es);
            byte[] sig = es.sign(kp.getPrivate(), input);
            // warm-up as long as a measurement: C2 must have compiled the field arithmetic before we count
            run(p + " sign", seconds, threads, () -> es.sign(kp.getPrivate(), input));
            run(p + " verify", seconds, threads, () -> es.verify(kp.getPublic(), input, sig));
        }
        // providers alternate within each round, so load from other processes hits both alike
        for (int round = 1; round <= 3; round++) {
            for (int t : new int[] {1, threads}) {
                for (int i = 0; i < impls.size(); i++) {
                    Es256 es = impls.get(i);
                    CryptoProvider p = CryptoProvider.values()[i];
                    byte[] sig = es.sign(kp.getPrivate(), input);
                    run("r" + round + " " + p + " sign   x" + t, seconds, t, () -> es.sign(kp.getPrivate(), input)).print();
                    run("r" + round + " " + p + " verify x" + t, seconds, t,
                            () -> es.verify(kp.getPublic(), input, sig)).print();
                }
            }
        }
    }

    private record Result(String name, double opsPerSecond) {
        void print() {
            System.out.printf("%-22s %10.0f ops/s%n", name, opsPerSecond);
        }
    }

    private static Result run(String name, double seconds, int threads, Runnable op) throws InterruptedException {
        LongAdder ops = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    op.run();
                    ops.increment();
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) {
            t.join();
        }
        return new Result(name, ops.sum() / ((System.nanoTime() - start) / 1e9));
    }
}
