package io.vouch.auth;

import io.vouch.auth.internal.credentials.CredentialStore;
import io.vouch.auth.internal.credentials.InMemoryCredentialStore;
import io.vouch.auth.internal.credentials.TableCredentialStore;
import io.vouch.auth.internal.digest.DigestAuthenticator;
import io.vouch.auth.internal.nonce.NonceKeys;
import io.vouch.auth.internal.stage.AuthHandler;
import io.vouch.auth.internal.stage.AuthMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.StageVerticle;
import io.vouch.runtime.kafka.BusProducer;
import io.vouch.runtime.kafka.CompactedTable;
import io.vouch.seal.KeyMaterialSealer;
import io.vouch.seal.SealKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth service (RFC 3261 §22 digest authentication): materializes {@code vouch.credentials} (every partition,
 * following later changes), then deploys a {@link StageVerticle} on {@link Topics#AUTH} with an {@link AuthHandler}
 * that also records partition assignments.
 *
 * <p>Configuration: the {@code stage.*} and {@code kafka.*} keys of {@link StageConfig} (stage name {@code auth},
 * input {@link Topics#AUTH} by default) and the {@code auth.*} keys of {@link AuthConfig}.
 */
public final class AuthVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);

    private final StageConfig stageConfig;
    private final AuthConfig config;
    private final MeterRegistry registry;
    private final BusProducer sharedProducer;
    private final Clock clock;

    private CompactedTable credentials;
    private DigestAuthenticator authenticator;
    private StageVerticle stage;
    private AuthHandler handler;
    private final Optional<SealKeys> sealKeys;

    /** An auth service configured from {@code json}, with its own producer and the system clock. */
    public AuthVerticle(JsonObject json, MeterRegistry registry) {
        this(StageConfig.from(json, AuthHandler.STAGE, List.of(Topics.AUTH)), AuthConfig.from(json), registry, null,
                Clock.systemUTC());
    }

    /** An auth service with explicit parts; {@code sharedProducer} may be null (the stage then owns one). */
    public AuthVerticle(StageConfig stageConfig, AuthConfig config, MeterRegistry registry,
                        BusProducer sharedProducer, Clock clock) {
        this(stageConfig, config, registry, sharedProducer, clock, Optional.empty());
    }

    /**
     * As above; {@code sealKeys} ({@code media.seal.keys}) let auth check {@code qop=auth-int} digests over bodies
     * whose SDES/MIKEY key material the edge sealed.
     */
    public AuthVerticle(StageConfig stageConfig, AuthConfig config, MeterRegistry registry,
                        BusProducer sharedProducer, Clock clock, Optional<SealKeys> sealKeys) {
        this.sealKeys = Objects.requireNonNull(sealKeys, "sealKeys");
        this.stageConfig = Objects.requireNonNull(stageConfig, "stageConfig");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sharedProducer = sharedProducer;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AuthConfig authConfig() {
        return config;
    }

    /** Replaces the nonce keys in force (rotation: pass the new key as current and the old one as previous). */
    public void rotateNonceKeys(NonceKeys keys) {
        DigestAuthenticator a = authenticator;
        if (a == null) {
            throw new IllegalStateException("not started");
        }
        a.setNonceKeys(keys);
    }

    @Override
    public Future<?> start() {
        if (config.nonceKeysGenerated()) {
            LOG.warn("auth.nonce.keys not set: using a random key, so nonces verify on this replica only");
        }
        return CompactedTable.open(vertx, stageConfig.kafka(), config.credentialsTopic(), Set.of(),
                CompactedTable.Mode.FOLLOW).compose(table -> {
                    credentials = table;
                    AuthMetrics metrics = new AuthMetrics(registry);
                    authenticator = new DigestAuthenticator(config.digest(), config.nonceKeys(), config.nonceTtl(),
                            store(table), config.lockout(), config.replayMaxUsers(), clock, new SecureRandom());
                    metrics.gauge("credentials", "Credential records materialized", table::size);
                    metrics.gauge("replay.users", "Users with nonce counters held", authenticator::trackedUsers);
                    metrics.gauge("lockout.tracked", "Sources and users with failure counters",
                            authenticator::trackedLockoutEntries);
                    handler = new AuthHandler(config, authenticator, metrics, clock,
                            sealKeys.map(k -> new KeyMaterialSealer(k, new SecureRandom())));
                    StageVerticle.Builder b = StageVerticle.builder(stageConfig, handler, registry)
                            .partitionStateListener(handler)
                            .clock(clock);
                    if (sharedProducer != null) {
                        b.producer(sharedProducer);
                    }
                    stage = b.build();
                    return vertx.deployVerticle(stage);
                }).onSuccess(id -> LOG.info("auth serving realms {} with {} credential records", config.realms(),
                        credentials.size()));
    }

    /** Decodes on look-up from the table; with userhash on, a decoded copy indexed by H(user:realm) instead. */
    private CredentialStore store(CompactedTable table) {
        if (!config.digest().userhash()) {
            return new TableCredentialStore(table::get);
        }
        InMemoryCredentialStore store = new InMemoryCredentialStore(true);
        // listen first, then copy: a change racing the copy is applied twice, in order, which is harmless
        table.onChange(store::apply);
        for (Map.Entry<String, byte[]> e : table.snapshot().entrySet()) {
            store.apply(e.getKey(), e.getValue());
        }
        return store;
    }

    @Override
    public Future<?> stop() {
        if (credentials != null) {
            CompactedTable t = credentials;
            return vertx.executeBlocking(() -> {
                t.close();
                return null;
            });
        }
        return Future.succeededFuture();
    }

    /**
     * Up while the auth stage consumes with its partitions assigned, and once the nonce rebalance skew after the last
     * assignment has passed ({@code auth.nonce.rebalance.skew.ms}): before that, a nonce the edge minted would be
     * answered {@code stale=true}.
     */
    public HealthCheck healthCheck() {
        return () -> {
            if (stage == null) {
                return Future.succeededFuture(HealthStatus.down("not started"));
            }
            return stage.healthCheck().check().map(status -> {
                long skew = handler.skewRemainingMillis();
                return status.up() && skew > 0
                        ? HealthStatus.down("nonce rebalance skew window, " + skew + " ms left") : status;
            });
        };
    }
}
