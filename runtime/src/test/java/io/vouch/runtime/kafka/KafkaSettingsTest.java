package io.vouch.runtime.kafka;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaSettingsTest {

    @Test
    void routesPrefixedKeysToTheirClientAndOthersToAll() {
        KafkaSettings s = KafkaSettings.from(new JsonObject()
                .put("kafka.bootstrap.servers", "k1:9092,k2:9092")
                .put("kafka.producer.linger.ms", 5)
                .put("kafka.consumer.max.poll.records", "50")
                .put("kafka.admin.request.timeout.ms", "3000")
                .put("kafka.security.protocol", "SASL_SSL")
                .put("other.key", "ignored"));
        assertEquals("k1:9092,k2:9092", s.bootstrapServers());
        Map<String, String> p = s.producerConfig();
        assertEquals("5", p.get("linger.ms"));
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertFalse(p.containsKey("max.poll.records"));
        Map<String, String> c = s.consumerConfig("g1");
        assertEquals("50", c.get("max.poll.records"));
        assertEquals("g1", c.get("group.id"));
        assertEquals("SASL_SSL", c.get("security.protocol"));
        assertFalse(c.containsKey("linger.ms"));
        assertEquals("3000", s.adminConfig().get("request.timeout.ms"));
        assertFalse(s.extra().containsKey("other.key"));
    }

    @Test
    void producerStaysIdempotentWithAllAcksWhateverThePassthroughSays() {
        KafkaSettings s = KafkaSettings.of("k:9092").with("producer.acks", "1")
                .with("producer.enable.idempotence", "false");
        assertEquals("all", s.producerConfig().get("acks"));
        assertEquals("true", s.producerConfig().get("enable.idempotence"));
        assertEquals(KafkaSettings.DEFAULT_LINGER_MS, s.producerConfig().get("linger.ms"));
        assertTrue(s.producerConfig().get("value.serializer").endsWith("ByteArraySerializer"));
    }

    @Test
    void consumerNeverAutoCommits() {
        KafkaSettings s = KafkaSettings.of("k:9092").with("consumer.enable.auto.commit", "true");
        assertEquals("false", s.consumerConfig("g").get("enable.auto.commit"));
        assertFalse(s.consumerConfig(null).containsKey("group.id"));
        assertTrue(s.consumerConfig("g").get("value.deserializer").endsWith("ByteArrayDeserializer"));
    }

    @Test
    void readsNestedJsonLikeFlatKeys() {
        KafkaSettings s = KafkaSettings.from(new JsonObject().put("kafka", new JsonObject()
                .put("bootstrap.servers", "k:9092")
                .put("producer", new JsonObject().put("linger.ms", 2))));
        assertEquals("k:9092", s.bootstrapServers());
        assertEquals("2", s.producerConfig().get("linger.ms"));
    }

    @Test
    void failsNamingTheMissingBootstrapKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaSettings.from(new JsonObject().put("kafka.producer.linger.ms", 1)));
        assertTrue(e.getMessage().contains("kafka.bootstrap.servers"), e.getMessage());
    }

    @Test
    void hidesSecretsWhenPrinted() {
        KafkaSettings s = KafkaSettings.of("k:9092")
                .with("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";")
                .with("ssl.keystore.password", "hunter2");
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertTrue(s.toString().contains("ssl.keystore.password"));
        assertEquals(List.of("k:9092"), List.of(s.bootstrapServers()));
    }

    @Test
    void producerDeadlineBoundsDeliveryBlockingAndRequestTimeouts() {
        var p = KafkaSettings.of("127.0.0.1:1").withProducerDeadline(4000).producerConfig();
        assertEquals("4000", p.get("delivery.timeout.ms"));
        assertEquals("4000", p.get("max.block.ms"));
        assertEquals("3999", p.get("request.timeout.ms"));
        // the client refuses delivery.timeout.ms < linger.ms + request.timeout.ms at construction
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
                KafkaSettings.asProperties(p))) {
            assertTrue(producer.metrics().size() > 0);
        }
    }

    @Test
    void producerDeadlineKeepsTimeoutsSetExplicitly() {
        var p = KafkaSettings.of("k:9092").with("producer.delivery.timeout.ms", "9000").with("max.block.ms", "100")
                .withProducerDeadline(4000).producerConfig();
        assertEquals("9000", p.get("delivery.timeout.ms"));
        assertEquals("100", p.get("max.block.ms"));
        assertFalse(p.containsKey("request.timeout.ms"));
    }
}
