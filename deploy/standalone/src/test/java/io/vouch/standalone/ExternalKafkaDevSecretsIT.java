package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.broker.EmbeddedKafka;
import io.vouch.runtime.testing.KafkaTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code vouch run --kafka ... --dev-secrets} with the default services, as a test cluster or a benchmark with the
 * broker in its own process starts it: the certificate service takes the development TLS certificate and domain
 * certificate from the data directory as the embedded mode does, instead of refusing to start.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExternalKafkaDevSecretsIT {
    @Test
    void startsEveryDefaultServiceAgainstAnExternalBrokerWithTheDevelopmentSecrets() throws Exception {
        Path dir = Files.createTempDirectory("vouch-external-dev");
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"), 0)) {
            Ensemble ensemble = Ensemble.start(LaunchOptions.parse(new String[] {"--kafka", broker.bootstrapServers(),
                "--dev-secrets", "--data-dir", dir.resolve("node").toString(), "--management-port", "0",
                "--partitions", "2", "--set", "edge.sip.udp.port=0", "--set", "edge.sip.tcp.port=0", "--set",
                "edge.sip.tls.port=-1", "--set", "stir.https.port=0", "--set", "cert.repository.https.port=0"}));
            try {
                assertTrue(Files.isRegularFile(dir.resolve("node").resolve("tls").resolve("edge-dev-cert.pem")),
                        "the repository serves the development TLS certificate kept in the data directory");
                HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + ensemble.managementPort() + "/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ready.statusCode(), ready.body());
            } finally {
                ensemble.close();
            }
        } finally {
            KafkaTestSupport.deleteRecursively(dir);
        }
    }
}
