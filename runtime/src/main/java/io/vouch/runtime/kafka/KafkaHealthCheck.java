package io.vouch.runtime.kafka;

import io.vertx.core.Future;
import io.vouch.runtime.HealthCheck;
import io.vouch.runtime.HealthStatus;
import io.vouch.runtime.internal.Futures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.Map;

/**
 * Kafka connectivity as a readiness check: {@code describeCluster} with a short timeout, the answer cached for a few
 * seconds so frequent probes do not load the brokers. Close it to release its admin client.
 */
public final class KafkaHealthCheck implements HealthCheck, AutoCloseable {
    private final Admin admin;
    private final Duration timeout;
    private final long cacheNanos;
    private Future<HealthStatus> inFlight;
    private HealthStatus cached;
    private long cachedAt;

    private KafkaHealthCheck(Admin admin, Duration timeout, Duration cacheFor) {
        this.admin = admin;
        this.timeout = timeout;
        this.cacheNanos = cacheFor.toNanos();
    }

    /** A check with a 1.5 s timeout, cached for 3 s. */
    public static KafkaHealthCheck create(KafkaSettings settings) {
        return create(settings, Duration.ofMillis(1500), Duration.ofSeconds(3));
    }

    public static KafkaHealthCheck create(KafkaSettings settings, Duration timeout, Duration cacheFor) {
        Map<String, Object> props = KafkaSettings.asProperties(settings.adminConfig());
        int ms = (int) Math.max(1, timeout.toMillis());
        props.putIfAbsent("request.timeout.ms", Integer.toString(ms));
        props.putIfAbsent("default.api.timeout.ms", Integer.toString(ms));
        // keep probing quickly while the brokers are away
        props.putIfAbsent("reconnect.backoff.max.ms", "1000");
        return new KafkaHealthCheck(Admin.create(props), timeout, cacheFor);
    }

    @Override
    public synchronized Future<HealthStatus> check() {
        long now = System.nanoTime();
        if (cached != null && now - cachedAt < cacheNanos) {
            return Future.succeededFuture(cached);
        }
        if (inFlight != null) {
            return inFlight;
        }
        int ms = (int) Math.max(1, timeout.toMillis());
        var result = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms));
        Future<HealthStatus> f = Futures.from(result.nodes())
                .map(nodes -> nodes.isEmpty() ? HealthStatus.down("no brokers")
                        : HealthStatus.up(nodes.size() + " broker(s)"))
                .otherwise(err -> HealthStatus.down(err.getClass().getSimpleName() + ": " + err.getMessage()));
        inFlight = f;
        f.onComplete(ar -> remember(ar.result()));
        return f;
    }

    private synchronized void remember(HealthStatus status) {
        cached = status;
        cachedAt = System.nanoTime();
        inFlight = null;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
