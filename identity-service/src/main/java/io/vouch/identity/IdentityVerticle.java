package io.vouch.identity;

import io.vouch.identity.internal.crypto.CryptoProvider;
import io.vouch.identity.internal.fetch.CertificateFetcher;
import io.vouch.identity.internal.fetch.ChainValidator;
import io.vouch.identity.internal.rfc4474.Rfc4474Verifier;
import io.vouch.identity.internal.sign.AttestationPolicy;
import io.vouch.identity.internal.sign.PassportSigner;
import io.vouch.identity.internal.sign.SigningKeyStore;
import io.vouch.identity.internal.sign.StirAuthenticator;
import io.vouch.identity.internal.sign.TnAssignments;
import io.vouch.identity.internal.stage.IdentityHandler;
import io.vouch.identity.internal.stage.IdentityMetrics;
import io.vouch.identity.internal.verify.IdentityVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vouch.identity.internal.crypto.CryptoProviderChoice;
import io.vouch.identity.internal.crypto.CryptoProviderChoice.Operation;
import io.vouch.identity.internal.crypto.KeyLoader;
import io.vouch.proto.Topics;
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.CompactedTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity service: materializes {@code vouch.tn-assignments}, loads signing keys (re-read on a timer for
 * rotation without restart), and deploys a {@link StageVerticle} on {@link Topics#IDENTITY} with an
 * {@link IdentityHandler}. Crypto runs on a pool of {@code crypto.threads} (default: one per core); certificate
 * fetches on their own small pool so slow servers never hold up signing.
 */
public final class IdentityVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityVerticle.class);

    private final StageConfig stageConfig;
    private final IdentityConfig config;
    private final MeterRegistry registry;
    private final BusProducer sharedProducer;
    private final Clock clock;

    private CompactedTable assignments;
    private SigningKeyStore keys;
    private ExecutorService cryptoPool;
    private ExecutorService fetchPool;
    private CertificateFetcher fetcher;
    private StageVerticle stage;
    private long reloadTimer = -1;
    private CryptoProvider signProvider;
    private CryptoProvider verifyProvider;

    /** An identity service configured from {@code json}, with its own producer and the system clock. */
    public IdentityVerticle(JsonObject json, MeterRegistry registry) {
        this(StageConfig.from(json, IdentityHandler.STAGE, List.of(Topics.IDENTITY)), IdentityConfig.from(json),
                registry, null, Clock.systemUTC());
    }

    /** An identity service with explicit parts; {@code sharedProducer} may be null (the stage then owns one). */
    public IdentityVerticle(StageConfig stageConfig, IdentityConfig config, MeterRegistry registry,
                            BusProducer sharedProducer, Clock clock) {
        this.stageConfig = Objects.requireNonNull(stageConfig, "stageConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sharedProducer = sharedProducer;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<?> start() {
        cryptoPool = pool("vouch-identity-crypto-", config.cryptoThreads(), 10_000);
        fetchPool = pool("vouch-identity-fetch-", config.fetchThreads(), 1_000);
        IdentityMetrics metrics = new IdentityMetrics(registry);
        return vertx.executeBlocking(() -> chooseProviders(metrics)).compose(v -> vertx.executeBlocking(this::loadMaterial))
                .compose(material -> CompactedTable.open(vertx,
                stageConfig.kafka(), config.tnAssignmentsTopic(), Set.of(), CompactedTable.Mode.FOLLOW).compose(table -> {
                    assignments = table;
                    TnAssignments tns = tn -> table.get(tn).map(v -> new String(v, StandardCharsets.UTF_8));
                    Optional<StirAuthenticator> authenticator = Optional.ofNullable(keys).map(k -> new StirAuthenticator(
                            k, new AttestationPolicy(tns), new PassportSigner(signProvider), clock));
                    ChainValidator validator = new ChainValidator(material.anchors(), material.crls(), clock);
                    fetcher = new CertificateFetcher(config.fetch(), validator, material.tls(), fetchPool, clock,
                            metrics);
                    IdentityVerifier verifier = new IdentityVerifier(config.verifier(), fetcher, cryptoPool, clock);
                    Optional<Rfc4474Verifier> legacyVerifier = config.rfc4474().enabled()
                            ? Optional.of(new Rfc4474Verifier(fetcher, cryptoPool, clock, config.verifier().freshness(),
                            config.verifier().replayEntries())) : Optional.empty();
                    IdentityHandler handler = new IdentityHandler(config, authenticator, verifier, material.legacy(),
                            legacyVerifier, cryptoPool, metrics, clock);
                    StageVerticle.Builder b = StageVerticle.builder(stageConfig, handler, registry).clock(clock);
                    if (sharedProducer != null) {
                        b.producer(sharedProducer);
                    }
                    stage = b.build();
                    if (keys != null) {
                        reloadTimer = vertx.setPeriodic(config.keyReloadInterval().toMillis(), id -> reloadKeys());
                    }
                    return vertx.deployVerticle(stage);
                })).onSuccess(id -> LOG.info("identity serving: {} signing keys, {} TN assignments, sign with {}, "
                        + "verify with {}", config.keys().size(), assignments.size(), signProvider,
                verifyProvider));
    }

    /** Resolves AUTO per operation by measurement (blocking, about a second), logs and exports the choice. */
    private Void chooseProviders(IdentityMetrics metrics) {
        CryptoProviderChoice sign = CryptoProviderChoice.resolve(config.signProvider(), Operation.SIGN);
        CryptoProviderChoice verify = CryptoProviderChoice.resolve(config.verifier().provider(), Operation.VERIFY);
        signProvider = sign.chosen();
        verifyProvider = verify.chosen();
        CryptoProvider.accpFailure().ifPresent(why -> LOG.info("Amazon Corretto Crypto Provider not used: {}", why));
        for (var c : List.of(Map.entry("sign", sign), Map.entry("verify", verify))) {
            CryptoProviderChoice choice = c.getValue();
            if (!choice.opsPerSecond().isEmpty()) {
                LOG.info("ES256 {} provider chosen by measurement: {} (ops/s measured: {})", c.getKey(), choice.chosen(),
                        choice.opsPerSecond());
            }
            metrics.cryptoProvider(c.getKey(), choice.chosen().name(),
                    choice.opsPerSecond().getOrDefault(choice.chosen(), 0.0));
        }
        return null;
    }

    private void reloadKeys() {
        SigningKeyStore k = keys;
        vertx.executeBlocking(k::refresh).onSuccess(r -> {
            if (!r.loaded().isEmpty()) {
                LOG.info("signing keys reloaded: {}", r.loaded());
            }
            r.failed().forEach((id, why) -> LOG.warn("signing key {} not reloaded, previous key stays: {}", id, why));
        });
    }

    private record Material(List<X509Certificate> anchors, List<X509CRL> crls, SSLContext tls,
                            Optional<IdentityHandler.Rfc4474Signer> legacy) {
    }

    private Material loadMaterial() throws IOException, GeneralSecurityException {
        if (!config.keys().isEmpty()) {
            keys = SigningKeyStore.load(config.keys());
        }
        List<X509Certificate> anchors = new ArrayList<>();
        if (config.trustAnchorsFile().isPresent()) {
            anchors.addAll(certificates(config.trustAnchorsFile().get()));
        } else {
            LOG.warn("verify.trust.anchors.file not set: every Identity header will fail as untrusted (437)");
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509CRL> crls = new ArrayList<>();
        for (Path p : config.crlFiles()) {
            for (var crl : cf.generateCRLs(new ByteArrayInputStream(Files.readAllBytes(p)))) {
                crls.add((X509CRL) crl);
            }
        }
        SSLContext tls = SSLContext.getDefault();
        if (config.fetchTrustFile().isPresent()) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(config.fetchTrustFile().get())) {
                ts.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
        }
        Optional<IdentityHandler.Rfc4474Signer> legacy = Optional.empty();
        if (config.rfc4474().signs()) {
            try {
                PrivateKey k = KeyLoader.readPem(Files.readString(config.rfc4474().keyFile().get()),
                        config.rfc4474().keyPassword().orElse(null)).orElseThrow(() ->
                        new IllegalArgumentException("rfc4474.key.file holds no private key"));
                legacy = Optional.of(new IdentityHandler.Rfc4474Signer(k, config.rfc4474().infoUrl().get()));
            } catch (org.bouncycastle.pkcs.PKCSException | org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalArgumentException("rfc4474.key.file: " + e.getMessage(), e);
            }
        }
        return new Material(anchors, crls, tls, legacy);
    }

    private static List<X509Certificate> certificates(Path p) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(Files.readAllBytes(p)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static ExecutorService pool(String prefix, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public Future<?> stop() {
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
        CompactedTable t = assignments;
        return vertx.executeBlocking(() -> {
            if (t != null) {
                t.close();
            }
            if (cryptoPool != null) {
                cryptoPool.shutdown();
            }
            if (fetchPool != null) {
                fetchPool.shutdownNow();
            }
            return null;
        });
    }

    /** Up while the identity stage consumes. */
    public HealthCheck healthCheck() {
        return () -> stage == null ? Future.succeededFuture(HealthStatus.down("not started"))
                : stage.healthCheck().check();
    }

    /** The certificate fetcher (for tests and diagnostics). */
    public Optional<CertificateFetcher> fetcher() {
        return Optional.ofNullable(fetcher);
    }
}
