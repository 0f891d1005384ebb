package io.vouch.identity.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vouch.identity.internal.crypto.CryptoProviderChoice.Operation;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CryptoProviderChoiceTest {
    private static final Duration SHORT = Duration.ofMillis(20);

    @Test
    void keepsAnExplicitProviderWithoutMeasuring() {
        CryptoProviderChoice c = CryptoProviderChoice.choose(CryptoProvider.BC, Operation.SIGN, SHORT);
        assertEquals(CryptoProvider.BC, c.chosen());
        assertTrue(c.opsPerSecond().isEmpty());
    }

    @Test
    void autoMeasuresEveryAvailableCandidateAndTakesTheFastest() {
        for (Operation op : Operation.values()) {
            CryptoProviderChoice c = CryptoProviderChoice.choose(CryptoProvider.AUTO, op, SHORT);
            for (CryptoProvider p : CryptoProviderChoice.CANDIDATES) {
                assertEquals(p.available(), c.opsPerSecond().containsKey(p), p + " measured iff available");
            }
            double best = c.opsPerSecond().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertEquals(best, c.opsPerSecond().get(c.chosen()));
            assertTrue(c.chosen().available());
        }
    }

    @Test
    void everyAvailableProviderInteroperatesWithTheOthers() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        for (CryptoProvider p : CryptoProviderChoice.CANDIDATES) {
            if (p.available()) {
                assertTrue(CryptoProviderChoice.crossChecks(p, key), p.name());
            }
        }
    }

    @Test
    void theNativeProviderLoadsOnLinuxX8664() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"), "ACCP ships a linux-x86_64 library only");
        assertTrue(CryptoProvider.ACCP.available(), () -> "ACCP failed to load: " + CryptoProvider.accpFailure());
        assertFalse(CryptoProvider.accpFailure().isPresent());
    }

    @Test
    void autoIsNotAProvider() {
        assertFalse(CryptoProvider.AUTO.available());
        assertThrows(IllegalStateException.class, CryptoProvider.AUTO::provider);
        assertEquals(CryptoProvider.ACCP, CryptoProvider.parse("k", "ACCP"));
        assertEquals(CryptoProvider.AUTO, CryptoProvider.parse("k", "auto"));
    }
}
