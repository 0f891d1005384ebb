package io.vouch.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.broker.EmbeddedKafka;
import io.vouch.runtime.kafka.KafkaHealthCheck;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.runtime.kafka.TopicAdmin;
import io.vouch.runtime.kafka.TopicSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ManagementServerIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsAndReportsNotReadyOnceTheBrokerIsGone(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        KafkaHealthCheck kafkaCheck = KafkaHealthCheck.create(settings, Duration.ofMillis(800),
                Duration.ofMillis(200));
        BusProducer producer = BusProducer.create(settings, registry);
        try {
            try (TopicAdmin admin = TopicAdmin.create(settings)) {
                admin.ensureTopics(List.of(TopicSpec.stream("mgmt.test", 1, Duration.ofMinutes(5))))
                        .await(30, TimeUnit.SECONDS);
            }
            producer.send("mgmt.test", "k", new byte[] {1}).await(10, TimeUnit.SECONDS);
            HealthChecks health = new HealthChecks().register("kafka", kafkaCheck)
                    .register("listener", () -> Future.succeededFuture(HealthStatus.up("bound")));
            ManagementServer server = ManagementServer.start(vertx,
                    new ManagementConfig("127.0.0.1", 0, Duration.ofSeconds(2)), registry, health)
                    .await(10, TimeUnit.SECONDS);
            int port = server.port();

            HttpResponse<String> metrics = get(port, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("vouch_bus_produced_total{result=\"ok\"} 1.0"), metrics.body());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"));

            assertEquals(200, get(port, "/health/live").statusCode());
            HttpResponse<String> ready = get(port, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            JsonObject body = new JsonObject(ready.body());
            assertEquals("UP", body.getString("status"));
            assertEquals("UP", body.getJsonObject("checks").getJsonObject("kafka").getString("status"));
            assertEquals(200, get(port, "/health").statusCode());

            kafka.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            HttpResponse<String> down;
            do {
                Thread.sleep(200);
                down = get(port, "/health/ready");
            } while (down.statusCode() == 200 && System.nanoTime() < deadline);
            assertEquals(503, down.statusCode(), down.body());
            JsonObject downBody = new JsonObject(down.body());
            assertEquals("DOWN", downBody.getString("status"));
            assertEquals("DOWN", downBody.getJsonObject("checks").getJsonObject("kafka").getString("status"));
            assertEquals("UP", downBody.getJsonObject("checks").getJsonObject("listener").getString("status"));
            assertEquals(200, get(port, "/health/live").statusCode(), "liveness does not depend on Kafka");
            server.close().await(5, TimeUnit.SECONDS);
        } finally {
            kafkaCheck.close();
            producer.close();
            kafka.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersAClientThatAsksForAnH2cUpgradeInHttp11() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ManagementServer server = ManagementServer.start(vertx, new ManagementConfig("127.0.0.1", 0,
                    Duration.ofSeconds(2)), Metrics.newRegistry(), new HealthChecks()).await(10, TimeUnit.SECONDS);
            // the JDK client prefers HTTP/2 and sends Upgrade: h2c on a plain connection
            HttpResponse<String> r = get(server.port(), "/metrics");
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHangingCheckCountsAsDown() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HealthChecks health = new HealthChecks()
                    .register("hangs", () -> io.vertx.core.Promise.<HealthStatus>promise().future())
                    .register("throws", () -> {
                        throw new IllegalStateException("boom");
                    });
            HealthChecks.Report report = health.run(vertx, Duration.ofMillis(200)).await(5, TimeUnit.SECONDS);
            assertEquals(false, report.up());
            assertEquals(false, report.checks().get("hangs").up());
            assertTrue(report.checks().get("throws").detail().contains("boom"));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
