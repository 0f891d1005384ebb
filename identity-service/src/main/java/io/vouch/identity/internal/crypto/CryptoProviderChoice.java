package io.vouch.identity.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@link CryptoProvider#AUTO} for one ES256 operation by measurement: each available provider first
 * proves itself (sign with it, verify with every other provider and back), then runs the operation for a short,
 * fixed time; the fastest wins. A provider that fails the cross-check is never chosen.
 *
 * @param chosen       the provider to use
 * @param opsPerSecond what each candidate measured (empty when the provider was configured, not measured)
 */
public record CryptoProviderChoice(CryptoProvider chosen, Map<CryptoProvider, Double> opsPerSecond) {

    /** The ES256 operation being chosen for. */
    public enum Operation { SIGN, VERIFY }

    private static final byte[] INPUT = ("eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1Ijoi"
            + "aHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3Bhc3Nwb3J0LnBlbSJ9.eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxMjE1NTU1"
            + "MTIxMyJdfSwiaWF0IjoxNDQzMjA4MzQ1LCJvcmlnIjp7InRuIjoiMTIxNTU1NTEyMTIifSwib3JpZ2lkIjoiMTIzZTQ1NjctZTg5Yi0")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Budget per candidate and operation when AUTO is resolved for the process. */
    static final Duration BUDGET = Duration.ofMillis(150);
    private static final Map<Operation, CryptoProviderChoice> RESOLVED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The candidates AUTO measures, in order of preference on a tie. */
    static final List<CryptoProvider> CANDIDATES = List.of(CryptoProvider.ACCP, CryptoProvider.SUN_EC, CryptoProvider.BC);

    /**
     * Like {@link #choose} with the default budget, but AUTO is measured once per process and operation, so every
     * signer and verifier of the process agrees on the provider. Blocks the first caller for about a second.
     */
    public static CryptoProviderChoice resolve(CryptoProvider configured, Operation op) {
        return configured != CryptoProvider.AUTO ? new CryptoProviderChoice(configured, Map.of())
                : RESOLVED.computeIfAbsent(op, o -> choose(CryptoProvider.AUTO, o, BUDGET));
    }

    /**
     * Returns {@code configured} unchanged unless it is AUTO; otherwise measures each available candidate for
     * {@code perCandidate} (after a warm-up of the same length) and returns the fastest. Blocks the caller.
     */
    public static CryptoProviderChoice choose(CryptoProvider configured, Operation op, Duration perCandidate) {
        if (configured != CryptoProvider.AUTO) {
            return new CryptoProviderChoice(configured, Map.of());
        }
        KeyPair key = p256();
        Map<CryptoProvider, Double> measured = new LinkedHashMap<>();
        for (CryptoProvider p : CANDIDATES) {
            if (p.available() && crossChecks(p, key)) {
                Es256 es = new Es256(p.provider());
                byte[] sig = es.sign(key.getPrivate(), INPUT);
                Runnable task = op == Operation.SIGN ? () -> es.sign(key.getPrivate(), INPUT)
                        : () -> es.verify(key.getPublic(), INPUT, sig);
                run(task, perCandidate);
                measured.put(p, run(task, perCandidate));
            }
        }
        CryptoProvider best = measured.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(CryptoProvider.BC);
        return new CryptoProviderChoice(best, Map.copyOf(measured));
    }

    /** Whether {@code p} signs what the others verify and verifies what they sign (a broken native build fails). */
    static boolean crossChecks(CryptoProvider p, KeyPair key) {
        try {
            Es256 candidate = new Es256(p.provider());
            byte[] own = candidate.sign(key.getPrivate(), INPUT);
            Es256 reference = new Es256(CryptoProvider.BC.provider());
            byte[] ref = reference.sign(key.getPrivate(), INPUT);
            byte[] tampered = Arrays.copyOf(INPUT, INPUT.length);
            tampered[0] ^= 1;
            return reference.verify(key.getPublic(), INPUT, own) && candidate.verify(key.getPublic(), INPUT, ref)
                    && !candidate.verify(key.getPublic(), tampered, ref);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static double run(Runnable task, Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        long start = System.nanoTime();
        long n = 0;
        long now;
        do {
            task.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return n * 1e9 / (now - start);
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key generator in this JDK", e);
        }
    }
}
