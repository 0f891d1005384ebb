package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import io.vouch.edge.DevCertificate;
import io.vouch.runtime.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka client settings of {@code k8s/base/config.yaml} work with what Strimzi mounts: the KafkaUser Secret's
 * PEM certificate and key read through Kafka's {@code DirectoryConfigProvider}, and the cluster CA as a PEM
 * truststore; Vouch passes them through ({@code kafka.*}) to clients that load them.
 */
class KafkaTlsConfigTest {

    private static JsonObject k8sConfig(Path userDir, Path caFile) {
        String json = K8sManifestsTest.configMapConfig(Kustomize.build(Kustomize.repoRoot()
                        .resolve("k8s/overlays/prod"))).encode()
                .replace("/etc/vouch/kafka-user", userDir.toString())
                .replace("/etc/vouch/kafka-ca/ca.crt", caFile.toString());
        return new JsonObject(json).put(KafkaSettings.BOOTSTRAP_KEY, "127.0.0.1:9");
    }

    @Test
    void clientsLoadTheUserCertificateAndClusterCaStrimziMounts(@TempDir Path tmp) throws Exception {
        var user = DevCertificate.ensure(tmp.resolve("gen-user"), "vouch-registrar");
        var ca = DevCertificate.ensure(tmp.resolve("gen-ca"), "cluster-ca");
        Path userDir = Files.createDirectories(tmp.resolve("kafka-user"));
        Files.copy(user.certificate(), userDir.resolve("user.crt"));
        Files.copy(user.privateKey(), userDir.resolve("user.key"));
        KafkaSettings settings = KafkaSettings.from(k8sConfig(userDir, ca.certificate()));

        AdminClientConfig resolved = new AdminClientConfig(KafkaSettings.asProperties(settings.adminConfig()));
        assertEquals("SSL", resolved.getString("security.protocol"));
        // the provider hands over the file's text (without the final line break)
        assertEquals(Files.readString(userDir.resolve("user.key")).strip(),
                resolved.getPassword("ssl.keystore.key").value().strip());
        assertEquals(Files.readString(userDir.resolve("user.crt")).strip(),
                resolved.getPassword("ssl.keystore.certificate.chain").value().strip());
        // building the clients loads the PEM key store and trust store: a bad file fails here
        try (Admin admin = Admin.create(KafkaSettings.asProperties(settings.adminConfig()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.asProperties(
                     settings.producerConfig()), new ByteArraySerializer(), new ByteArraySerializer())) {
            admin.close(Duration.ZERO);
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void aCorruptUserKeyFailsAtClientCreationNotLater(@TempDir Path tmp) throws Exception {
        var ca = DevCertificate.ensure(tmp.resolve("gen-ca"), "cluster-ca");
        Path userDir = Files.createDirectories(tmp.resolve("kafka-user"));
        Files.copy(ca.certificate(), userDir.resolve("user.crt"));
        Files.writeString(userDir.resolve("user.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        KafkaSettings settings = KafkaSettings.from(k8sConfig(userDir, ca.certificate()));
        assertThrows(KafkaException.class, () -> Admin.create(KafkaSettings.asProperties(settings.adminConfig())));
    }

    @Test
    void aFileOutsideTheAllowedDirectoryIsNotRead(@TempDir Path tmp) throws Exception {
        var ca = DevCertificate.ensure(tmp.resolve("gen-ca"), "cluster-ca");
        Path userDir = Files.createDirectories(tmp.resolve("kafka-user"));
        JsonObject cfg = k8sConfig(userDir, ca.certificate())
                .put("kafka.ssl.keystore.key", "${dir:" + ca.privateKey().getParent() + ":" + ca.privateKey()
                        .getFileName() + "}");
        KafkaSettings settings = KafkaSettings.from(cfg);
        AdminClientConfig resolved = new AdminClientConfig(KafkaSettings.asProperties(settings.adminConfig()));
        assertNotEquals(Files.readString(ca.privateKey()), resolved.getPassword("ssl.keystore.key").value(),
                "allowed.paths confines the provider to the mounted user Secret");
    }
}
