package io.vouch.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * The management HTTP endpoint of every Vouch process: {@code GET /metrics} (Prometheus text format),
 * {@code GET /health/live} (the event loop answers), {@code GET /health/ready} and {@code GET /health} (every
 * registered {@link HealthCheck} up: 200, otherwise 503; JSON body with each check).
 */
public final class ManagementServer {
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final Vertx vertx;
    private final HttpServer server;

    private ManagementServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Binds the server; the future fails if the port is taken. */
    public static Future<ManagementServer> start(Vertx vertx, ManagementConfig config,
                                                 PrometheusMeterRegistry registry, HealthChecks health) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(health, "health");
        Router router = Router.router(vertx);
        router.get("/metrics").handler(rc -> vertx.executeBlocking(registry::scrape, false)
                .onSuccess(text -> rc.response().putHeader("Content-Type", PROMETHEUS_TYPE).end(text))
                .onFailure(rc::fail));
        router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(rc -> ready(vertx, config, health, rc));
        router.get("/health").handler(rc -> ready(vertx, config, health, rc));
        // HTTP/1.1 only: scrapers and probes speak it, and an h2c upgrade (a JDK HttpClient's default) once garbled a
        // /metrics exchange under load; a client asking to upgrade is answered in HTTP/1.1
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options).requestHandler(router).listen(config.port(), config.host())
                .map(s -> new ManagementServer(vertx, s));
    }

    private static void ready(Vertx vertx, ManagementConfig config, HealthChecks health, RoutingContext rc) {
        health.run(vertx, config.healthTimeout()).onComplete(ar -> {
            HealthChecks.Report report = ar.result();
            json(rc, report.up() ? 200 : 503, report.toJson());
        });
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }

    Vertx vertx() {
        return vertx;
    }
}
