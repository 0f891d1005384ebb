package io.vouch.standalone;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.cert.BodySecurityConfig;
import io.vouch.cert.BodySecurityVerticle;
import io.vouch.cert.CertConfig;
import io.vouch.cert.CertKeys;
import io.vouch.cert.CertRepository;
import io.vouch.cert.CertVerticle;
import io.vouch.cert.RepositoryConfig;
import io.vouch.edge.DevCertificate;
import io.vouch.proto.Topics;
import io.vouch.runtime.HealthChecks;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.KafkaSettings;
import io.vouch.sip.SipRequest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the certificate service: its stage, the body-security stage (S/MIME checks of MESSAGE, NOTIFY, INFO) and, unless {@code cert.repository.enabled=false}, the HTTPS certificate
 * repository, and the RFC 4474 signer of its NOTIFYs. With the development secrets (the embedded mode, or
 * {@code --dev-secrets} with {@code --kafka}) the repository uses the development TLS certificate and NOTIFYs are
 * signed with a development domain certificate when none is configured.
 */
final class CertLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(CertLauncher.class);

    private CertLauncher() {
    }

    /** Deploys and returns the deployment ids, in start order; throws naming the key of a bad setting. */
    static List<String> deploy(Vertx vertx, JsonObject cfg, Path dataDir, boolean devSecrets, KafkaSettings kafka,
                               MeterRegistry registry, BusProducer producer, HealthChecks health) throws Exception {
        List<String> ids = new ArrayList<>();
        CertRepository repo = null;
        Config keys = CertKeys.DEF.parse(cfg);
        if (keys.getBoolean("cert.repository.enabled")) {
            JsonObject repoCfg = cfg.copy();
            if (devSecrets && !repoCfg.containsKey("cert.repository.tls.cert.file")) {
                var tls = DevCertificate.ensure(dataDir.resolve("tls"), "localhost", "127.0.0.1");
                repoCfg.put("cert.repository.tls.cert.file", tls.certificate().toString())
                        .put("cert.repository.tls.key.file", tls.privateKey().toString());
            }
            repo = new CertRepository(RepositoryConfig.from(repoCfg), kafka, registry, Clock.systemUTC());
            ids.add(await(vertx.deployVerticle(repo)));
            LOG.info("certificate repository on https://{}:{}/certs/<sha256>.pem",
                    keys.getString("cert.repository.https.host"), repo.actualPort());
        }
        UnaryOperator<SipRequest> signer = signer(keys, dataDir, devSecrets, repo, producer);
        CertVerticle stage = new CertVerticle(Ensemble.stageConfig("cert", cfg),
                CertConfig.from(cfg), registry, producer, Clock.systemUTC(), signer);
        ids.add(await(vertx.deployVerticle(stage)));
        health.register("cert", stage.healthCheck());
        BodySecurityVerticle body = new BodySecurityVerticle(Ensemble.stageConfig("body", cfg),
                BodySecurityConfig.from(cfg), registry, producer, Clock.systemUTC());
        ids.add(await(vertx.deployVerticle(body)));
        health.register("body", body.healthCheck());
        return ids;
    }

    /**
     * The RFC 4474 NOTIFY signer ({@code cert.notify.sign}, default true) with the domain key
     * {@code cert.domain.key.file} and certificate {@code cert.domain.cert.file} (development ones with the development
     * secrets); the certificate is published to the repository so {@code Identity-Info} can name it.
     */
    private static UnaryOperator<SipRequest> signer(Config cfg, Path dataDir, boolean devSecrets,
                                                    CertRepository repo, BusProducer producer) throws Exception {
        if (!cfg.getBoolean("cert.notify.sign")) {
            return UnaryOperator.identity();
        }
        Path keyFile;
        Path certFile;
        if (cfg.isSet("cert.domain.key.file") && cfg.isSet("cert.domain.cert.file")) {
            keyFile = Path.of(cfg.getString("cert.domain.key.file"));
            certFile = Path.of(cfg.getString("cert.domain.cert.file"));
        } else if (devSecrets) {
            var dev = DevDomainCertificate.ensure(dataDir);
            keyFile = dev.key();
            certFile = dev.certificate();
        } else {
            throw new IllegalArgumentException("cert.domain.key.file and cert.domain.cert.file are required to sign "
                    + "NOTIFYs (or set cert.notify.sign=false)");
        }
        byte[] pem = Files.readAllBytes(certFile);
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        String url;
        if (cfg.isSet("cert.domain.cert.url")) {
            url = cfg.getString("cert.domain.cert.url");
        } else if (repo != null) {
            await(producer.send(Topics.CERTIFICATES, Topics.repositoryKey(sha), pem));
            url = repo.urlOf(sha);
        } else {
            throw new IllegalArgumentException("cert.domain.cert.url is required when cert.repository.enabled=false");
        }
        LOG.info("NOTIFYs are signed (RFC 4474) by the domain certificate at {}", url);
        return new NotifySigner(DevDomainCertificate.readKey(keyFile), url, Clock.systemUTC());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
