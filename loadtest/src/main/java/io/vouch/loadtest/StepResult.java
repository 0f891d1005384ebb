package io.vouch.loadtest;

import io.vertx.core.json.JsonObject;

/**
 * The verdict on one rate step: a step passes when every call succeeded, retransmissions stayed below the bound
 * and p99 response time stayed within the bound.
 *
 * @param achievedRate        successful calls per second of the step's duration
 * @param retransmissionRatio retransmitted requests / first transmissions, for the step's calls
 * @param passed              empty verdict text when it passed; otherwise {@code verdict} says why not
 * @param judged              false when the run stopped before the step could be evaluated
 */
public record StepResult(int step, double intendedRate, long calls, long succeeded, long failed,
                         double achievedRate, double retransmissionRatio, LatencySummary latency,
                         boolean judged, boolean passed, String verdict) {

    public JsonObject toJson() {
        return new JsonObject().put("step", step).put("intended_rate", intendedRate).put("calls", calls)
                .put("succeeded", succeeded).put("failed", failed).put("achieved_rate", achievedRate)
                .put("retransmission_ratio", retransmissionRatio).put("latency", latency.toJson())
                .put("judged", judged).put("passed", passed).put("verdict", verdict);
    }
}
