package io.vouch.cert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vouch.cert.internal.RepositoryResponder;
import io.vouch.proto.Topics;
import io.vouch.runtime.kafka.CompactedTable;
import io.vouch.runtime.kafka.KafkaSettings;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The HTTPS certificate repository (ATIS-1000080 STI-CR; the RFC 4474 Identity-Info target): every replica follows the
 * whole compacted {@link Topics#CERTIFICATES} topic and serves its {@code stir/} chains at
 * {@code /certs/<sha256>.pem}, HTTPS only, TLS 1.2 or 1.3.
 */
public final class CertRepository extends VerticleBase {
    private final RepositoryConfig config;
    private final KafkaSettings kafka;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Function<String, Optional<byte[]>> fixedStore;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private CompactedTable table;
    private HttpServer server;

    /** A repository over the {@link Topics#CERTIFICATES} topic of {@code kafka}. */
    public CertRepository(RepositoryConfig config, KafkaSettings kafka, MeterRegistry registry, Clock clock) {
        this(config, Objects.requireNonNull(kafka, "kafka"), null, registry, clock);
    }

    /** A repository over a fixed store (tests): record key to value. */
    public CertRepository(RepositoryConfig config, Function<String, Optional<byte[]>> store, MeterRegistry registry,
                          Clock clock) {
        this(config, null, Objects.requireNonNull(store, "store"), registry, clock);
    }

    private CertRepository(RepositoryConfig config, KafkaSettings kafka, Function<String, Optional<byte[]>> store,
                           MeterRegistry registry, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.kafka = kafka;
        this.fixedStore = store;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<?> start() {
        Future<Function<String, Optional<byte[]>>> store = fixedStore != null ? Future.succeededFuture(fixedStore)
                : CompactedTable.open(vertx, kafka, Topics.CERTIFICATES, Set.of()).map(t -> {
                    table = t;
                    return t::get;
                });
        return store.compose(s -> {
            RepositoryResponder responder = new RepositoryResponder(s, config.maxAgeSeconds(), config.grace());
            HttpServerOptions options = new HttpServerOptions().setSsl(true)
                    .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.certFile().orElseThrow())
                            .setKeyPath(config.keyFile().orElseThrow()))
                    .setHost(config.host()).setPort(config.port());
            return vertx.createHttpServer(options).requestHandler(req -> handle(responder, req)).listen();
        }).onSuccess(s -> server = s);
    }

    private void handle(RepositoryResponder responder, HttpServerRequest req) {
        RepositoryResponder.Response r = responder.respond(req.method().name(), req.path(),
                Optional.ofNullable(req.getHeader("If-None-Match")), clock.instant());
        counters.computeIfAbsent(RepositoryResponder.outcome(r), o -> Counter.builder("vouch.cert.repository.requests")
                .description("HTTPS certificate repository requests by outcome").tag("outcome", o)
                .register(registry)).increment();
        var resp = req.response().setStatusCode(r.status());
        r.headers().forEach(resp::putHeader);
        if (r.body().length == 0) {
            resp.end();
        } else {
            resp.end(Buffer.buffer(r.body()));
        }
    }

    /** The bound port (after start). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** The public URL of the chain whose leaf has SHA-256 {@code sha}. */
    public String urlOf(String sha) {
        return config.baseUrl().orElse("https://" + config.host() + ":" + actualPort()) + "/certs/" + sha + ".pem";
    }

    @Override
    public Future<?> stop() {
        if (table != null) {
            table.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }
}
