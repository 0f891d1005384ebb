package io.vouch.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The figures of one run. Latency is the response time of successful calls measured from their intended send
 * time (coordinated-omission correct); {@code serviceTime} measures from the actual first send instead and is
 * shown only for comparison. The achieved rate counts successful calls per second of scheduled load.
 *
 * @param description          one line: scenario(s), transport, target, load shape
 * @param scheduledSeconds     length of the load profile that actually ran (shorter when step mode stopped)
 * @param wallSeconds          start to end of the run, draining included
 * @param plannedCalls         calls the profile offered (bounded by max calls)
 * @param issued               calls started (including those counted not-sent)
 * @param outcomes             calls by outcome label
 * @param responseCodes        final responses received by status code (every transaction, challenges included)
 * @param failureDetails       failed calls by their last final response: status, reason phrase, Reason header
 * @param achievedRate         successful calls / scheduledSeconds
 * @param offeredRate          issued calls / scheduledSeconds
 * @param retransmissionRatio  retransmissions / first transmissions
 * @param schedulerLag         how late the tool sent first requests relative to their intended time
 * @param steps                one entry per rate step (empty without steps)
 * @param maxSustainableRate   step mode: the highest step rate for which it and every lower step passed
 * @param stopReason           why step mode stopped, or empty
 * @param certificateUrl       the HTTPS URL serving the test signing certificate (invite-verify), if any
 * @param generatorCpuSeconds  CPU time the load generator's process used during the run (0 when unknown); compare
 *                             with wallSeconds to see whether the tool itself was short of CPU
 * @param notifyTime           NOTIFYs received (cert-subscribe) and their latency from the intended SUBSCRIBE send
 */
public record LoadTestResult(
        String description,
        Instant startedAt,
        double scheduledSeconds,
        double wallSeconds,
        long plannedCalls,
        long issued,
        long succeeded,
        long failed,
        Map<String, Long> outcomes,
        Map<Integer, Long> responseCodes,
        Map<String, Long> failureDetails,
        double achievedRate,
        double offeredRate,
        long firstTransmissions,
        long retransmissions,
        double retransmissionRatio,
        long provisionalResponses,
        long strayResponses,
        long acksSent,
        long malformedMessages,
        LatencySummary responseTime,
        LatencySummary serviceTime,
        LatencySummary schedulerLag,
        List<PercentilePoint> responseTimeDistribution,
        List<PercentilePoint> serviceTimeDistribution,
        List<IntervalPoint> intervals,
        List<StepResult> steps,
        OptionalDouble maxSustainableRate,
        String stopReason,
        Optional<String> certificateUrl,
        double generatorCpuSeconds,
        LatencySummary notifyTime) {

    public LoadTestResult {
        outcomes = Map.copyOf(outcomes);
        responseCodes = Map.copyOf(responseCodes);
        failureDetails = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failureDetails));
        responseTimeDistribution = List.copyOf(responseTimeDistribution);
        serviceTimeDistribution = List.copyOf(serviceTimeDistribution);
        intervals = List.copyOf(intervals);
        steps = List.copyOf(steps);
    }

    /** True when the tool sent its first requests late (p99 over 10 ms): it was short of CPU and the figures include that. */
    public boolean generatorFellBehind() {
        return schedulerLag.p99Ms() > 10;
    }

    /** True when every issued call succeeded. */
    public boolean allSucceeded() {
        return failed == 0 && succeeded == issued;
    }

    public JsonObject toJson() {
        JsonObject outcomeJson = new JsonObject();
        for (Outcome o : Outcome.values()) {
            outcomeJson.put(o.label(), outcomes.getOrDefault(o.label(), 0L));
        }
        JsonObject codes = new JsonObject();
        responseCodes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> codes.put(Integer.toString(e.getKey()), e.getValue()));
        JsonObject json = new JsonObject()
                .put("description", description)
                .put("started_at", startedAt.toString())
                .put("scheduled_seconds", scheduledSeconds)
                .put("wall_seconds", wallSeconds)
                .put("planned_calls", plannedCalls)
                .put("issued", issued)
                .put("succeeded", succeeded)
                .put("failed", failed)
                .put("outcomes", outcomeJson)
                .put("response_codes", codes)
                .put("failure_details", new JsonObject(new java.util.LinkedHashMap<>(failureDetails)))
                .put("achieved_rate", achievedRate)
                .put("offered_rate", offeredRate)
                .put("first_transmissions", firstTransmissions)
                .put("retransmissions", retransmissions)
                .put("retransmission_ratio", retransmissionRatio)
                .put("provisional_responses", provisionalResponses)
                .put("stray_responses", strayResponses)
                .put("acks_sent", acksSent)
                .put("malformed_messages", malformedMessages)
                .put("response_time", responseTime.toJson())
                .put("service_time", serviceTime.toJson())
                .put("scheduler_lag", schedulerLag.toJson())
                .put("response_time_distribution", points(responseTimeDistribution))
                .put("service_time_distribution", points(serviceTimeDistribution))
                .put("intervals", new JsonArray(intervals.stream().map(IntervalPoint::toJson).toList()))
                .put("steps", new JsonArray(steps.stream().map(StepResult::toJson).toList()))
                .put("stop_reason", stopReason);
        maxSustainableRate.ifPresent(r -> json.put("max_sustainable_rate", r));
        certificateUrl.ifPresent(u -> json.put("certificate_url", u));
        json.put("generator_cpu_seconds", generatorCpuSeconds);
        if (notifyTime.count() > 0) {
            json.put("notifies_received", notifyTime.count())
                    .put("notify_rate", notifyTime.count() / Math.max(scheduledSeconds, 1e-9))
                    .put("notify_time", notifyTime.toJson());
        }
        return json;
    }

    private static JsonArray points(List<PercentilePoint> points) {
        JsonArray a = new JsonArray();
        for (PercentilePoint p : points) {
            a.add(new JsonObject().put("percentile", p.percentile()).put("value_ms", p.valueMs()));
        }
        return a;
    }
}
