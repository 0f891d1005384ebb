package io.vouch.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.cert.internal.CertificateChain;
import io.vouch.cert.internal.CertificateTopic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCommandTest {
    private final Map<String, byte[]> topic = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CertsCommand cmd = new CertsCommand(new PrintStream(out, true), new PrintStream(err, true),
            flags -> new CertificateTopic() {
                @Override
                public void write(String key, byte[] value) {
                    if (value == null) {
                        topic.remove(key);
                    } else {
                        topic.put(key, value);
                    }
                }

                @Override
                public Map<String, byte[]> readAll() {
                    return Map.copyOf(topic);
                }

                @Override
                public void close() {
                }
            });
    @TempDir
    Path dir;

    @Test
    void publishesListsAndRevokesAChain() throws Exception {
        Instant now = Instant.now();
        KeyPair caKey = TestPki.ec();
        X509Certificate ca = TestPki.ca(caKey, "CA", now.minusSeconds(60), now.plus(Duration.ofDays(10)));
        KeyPair leafKey = TestPki.ec();
        X509Certificate leaf = TestPki.issue(leafKey, "CN=leaf", caKey, "CN=CA", now.minusSeconds(60),
                now.plus(Duration.ofDays(5)), false, null);
        Path file = dir.resolve("chain.pem");
        Files.writeString(file, CertificateChain.pemOf(leaf.getEncoded()) + CertificateChain.pemOf(ca.getEncoded()));
        assertEquals(0, cmd.execute(new String[] {"publish", file.toString(), "--base-url", "https://cr.example"}));
        assertEquals(1, topic.size());
        String key = topic.keySet().iterator().next();
        String sha = key.substring(5);
        assertTrue(out.toString().startsWith("https://cr.example/certs/" + sha + ".pem"), out.toString());
        out.reset();
        assertEquals(0, cmd.execute(new String[] {"list"}));
        assertTrue(out.toString().contains("/certs/" + sha + ".pem  CN=leaf"), out.toString());
        assertEquals(0, cmd.execute(new String[] {"revoke", sha}));
        assertTrue(topic.isEmpty());
    }

    @Test
    void refusesAChainInTheWrongOrder() throws Exception {
        Instant now = Instant.now();
        KeyPair caKey = TestPki.ec();
        X509Certificate ca = TestPki.ca(caKey, "CA", now.minusSeconds(60), now.plus(Duration.ofDays(10)));
        X509Certificate leaf = TestPki.issue(TestPki.ec(), "CN=leaf", caKey, "CN=CA", now.minusSeconds(60),
                now.plus(Duration.ofDays(5)), false, null);
        Path file = dir.resolve("chain.pem");
        Files.writeString(file, CertificateChain.pemOf(ca.getEncoded()) + CertificateChain.pemOf(leaf.getEncoded()));
        assertEquals(1, cmd.execute(new String[] {"publish", file.toString()}));
        assertTrue(err.toString().contains("Chain Not Leaf First"), err.toString());
        assertTrue(topic.isEmpty());
        assertEquals(2, cmd.execute(new String[] {"revoke", "xyz"}));
        assertEquals(2, cmd.execute(new String[] {"frobnicate"}));
    }
}
