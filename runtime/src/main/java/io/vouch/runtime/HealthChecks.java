package io.vouch.runtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/** The named readiness checks of a process; ready means every registered check is up. Thread-safe. */
public final class HealthChecks {
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();

    /** Adds or replaces the check called {@code name}. */
    public HealthChecks register(String name, HealthCheck check) {
        checks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
        return this;
    }

    public void unregister(String name) {
        checks.remove(name);
    }

    /** Runs every check concurrently; one not done within {@code timeout} is down. Never fails. */
    public Future<Report> run(Vertx vertx, Duration timeout) {
        List<String> names = new ArrayList<>(checks.keySet());
        names.sort(String::compareTo);
        List<Future<HealthStatus>> results = new ArrayList<>();
        for (String name : names) {
            results.add(runOne(vertx, checks.get(name), timeout));
        }
        return Future.join(results).transform(ignored -> {
            Map<String, HealthStatus> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), results.get(i).result());
            }
            return Future.succeededFuture(new Report(out));
        });
    }

    private static Future<HealthStatus> runOne(Vertx vertx, HealthCheck check, Duration timeout) {
        Promise<HealthStatus> p = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(),
                id -> p.tryComplete(HealthStatus.down(new TimeoutException("no answer within " + timeout.toMillis()
                        + " ms").getMessage())));
        Future<HealthStatus> f;
        try {
            f = check.check();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        if (f == null) {
            f = Future.failedFuture("check returned null");
        }
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            p.tryComplete(ar.succeeded() && ar.result() != null ? ar.result()
                    : HealthStatus.down(ar.cause() == null ? "no status" : ar.cause().toString()));
        });
        return p.future();
    }

    /** The outcome of running every check. */
    public record Report(Map<String, HealthStatus> checks) {
        public Report {
            checks = Map.copyOf(checks);
        }

        public boolean up() {
            return checks.values().stream().allMatch(HealthStatus::up);
        }

        /** {@code {"status":"UP|DOWN","checks":{"name":{"status":..,"detail":..}}}}, checks in name order. */
        public JsonObject toJson() {
            JsonObject c = new JsonObject();
            checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.put(e.getKey(),
                    new JsonObject().put("status", e.getValue().up() ? "UP" : "DOWN")
                            .put("detail", e.getValue().detail())));
            return new JsonObject().put("status", up() ? "UP" : "DOWN").put("checks", c);
        }
    }
}
