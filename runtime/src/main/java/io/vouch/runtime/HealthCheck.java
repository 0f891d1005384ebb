package io.vouch.runtime;

import io.vertx.core.Future;

/**
 * One readiness condition of a process (Kafka reachable, a stage consuming, a listener bound). Must not block; a
 * failed future or one slower than the server's check timeout counts as down.
 */
@FunctionalInterface
public interface HealthCheck {
    Future<HealthStatus> check();
}
