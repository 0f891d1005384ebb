package io.vouch.loadtest;

import io.vertx.core.json.JsonObject;

/**
 * What happened during one second of the run: calls started (by intended time), calls that succeeded or failed
 * in that second, retransmissions sent, and the response-time percentiles of the calls that succeeded in it.
 */
public record IntervalPoint(long second, long started, long succeeded, long failed, long retransmissions,
                            double p50Ms, double p99Ms, double maxMs) {

    public JsonObject toJson() {
        return new JsonObject().put("second", second).put("started", started).put("succeeded", succeeded)
                .put("failed", failed).put("retransmissions", retransmissions).put("p50_ms", p50Ms)
                .put("p99_ms", p99Ms).put("max_ms", maxMs);
    }
}
