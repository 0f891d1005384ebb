package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vouch.edge.DevCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStirTest {
    @Test
    void servesTheSigningChainWithTheCachingLifetimeVerifiersExpect(@TempDir Path dir) throws Exception {
        var tls = DevCertificate.ensure(dir.resolve("tls"), "localhost", "127.0.0.1");
        DevStir stir = DevStir.ensure(dir);
        Vertx vertx = Vertx.vertx();
        try {
            var server = stir.serve(vertx, "127.0.0.1", 0, tls.certificate(), tls.privateKey())
                    .await(10, TimeUnit.SECONDS);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(tls.certificate())) {
                trust.setCertificateEntry("edge", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).build()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                        "https://127.0.0.1:" + server.actualPort() + DevStir.CERT_PATH)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                // ATIS-1000074 verifiers keep a certificate 24 h; repository linters flag a shorter lifetime
                assertEquals("public, max-age=86400", response.headers().firstValue("cache-control").orElse(""));
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
