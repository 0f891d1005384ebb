package io.vouch.standalone;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vouch.cert.CertConfig;
import io.vouch.cert.CertRepository;
import io.vouch.cert.CertVerticle;
import io.vouch.cert.RepositoryConfig;
import io.vouch.edge.internal.DevCertificate;
import io.vouch.proto.Topics;
import io.vouch.runtime.HealthChecks;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the certificate service: its stage and, unless {@code cert.repository.enabled=false}, the HTTPS certificate
 * repository. In the embedded mode the repository uses the development TLS certificate when none is configured.
 */
final class CertLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(CertLauncher.class);

    private CertLauncher() {
    }

    /** The deployment futures, in start order. */
    static List<Future<String>> deploy(Vertx vertx, JsonObject cfg, Path dataDir, boolean embedded,
                                       KafkaSettings kafka, MeterRegistry registry, BusProducer producer,
                                       HealthChecks health) throws Exception {
        List<Future<String>> out = new ArrayList<>();
        CertVerticle stage = new CertVerticle(StageConfig.from(cfg, "cert", List.of(Topics.CERT)),
                CertConfig.from(cfg), registry, producer, Clock.systemUTC(), UnaryOperator.identity());
        out.add(vertx.deployVerticle(stage));
        health.register("cert", stage.healthCheck());
        if (!Boolean.parseBoolean(String.valueOf(cfg.getValue("cert.repository.enabled", true)))) {
            return out;
        }
        JsonObject repoCfg = cfg.copy();
        if (embedded && !repoCfg.containsKey("cert.repository.tls.cert.file")) {
            var tls = DevCertificate.ensure(dataDir.resolve("tls"), "localhost", "127.0.0.1");
            repoCfg.put("cert.repository.tls.cert.file", tls.certificate().toString())
                    .put("cert.repository.tls.key.file", tls.privateKey().toString());
        }
        CertRepository repo = new CertRepository(RepositoryConfig.from(repoCfg), kafka, registry, Clock.systemUTC());
        out.add(vertx.deployVerticle(repo).onSuccess(id -> LOG.info(
                "certificate repository on https://{}:{}/certs/<sha256>.pem",
                repoCfg.getValue("cert.repository.https.host", "127.0.0.1"), repo.actualPort())));
        return out;
    }
}
