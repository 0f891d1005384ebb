package io.vouch.loadtest.internal;

import io.vouch.loadtest.LatencySummary;
import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.LoadTestResult;
import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.Scenario;
import io.vouch.loadtest.StepResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** Turns the engine's counters into a {@link LoadTestResult}. */
public final class ResultAssembler {

    private ResultAssembler() {
    }

    public static LoadTestResult assemble(LoadTestConfig config, LoadEngine engine, Instant startedAt,
                                          double wallSeconds, Optional<String> certificateUrl) {
        return assemble(config, engine, startedAt, wallSeconds, certificateUrl, 0);
    }

    public static LoadTestResult assemble(LoadTestConfig config, LoadEngine engine, Instant startedAt,
                                          double wallSeconds, Optional<String> certificateUrl,
                                          double generatorCpuSeconds) {
        engine.judgeFinishedSteps();
        RunStats s = engine.stats();
        double scheduled = Math.max(engine.scheduledNanos() / 1e9, 1e-9);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Map.Entry<Outcome, Long> e : s.outcomes().entrySet()) {
            outcomes.put(e.getKey().label(), e.getValue());
        }
        List<StepResult> steps = new ArrayList<>();
        for (StepStats step : s.steps()) {
            steps.add(step.result());
        }
        OptionalDouble max = OptionalDouble.empty();
        if (steps.size() > 1 || config.findMax()) {
            for (StepResult r : steps) {
                if (!r.passed()) {
                    break;
                }
                max = OptionalDouble.of(r.intendedRate());
            }
        }
        return new LoadTestResult(describe(config), startedAt, scheduled, wallSeconds,
                engine.scheduler().plannedCalls(), s.issued(), s.succeeded(), s.failed(), outcomes, s.finalCodes(), s.failureDetails(),
                s.succeeded() / scheduled, s.issued() / scheduled, s.firstTransmissions(), s.retransmissions(),
                s.retransmissionRatio(), s.provisionalResponses(), s.strayResponses(), s.acksSent(),
                s.malformedMessages(), s.latency().responseTime(), s.latency().serviceTime(),
                LatencySummary.of(s.sendLagMicros()), s.latency().responseTimeDistribution(5),
                s.latency().serviceTimeDistribution(5), s.intervals(), steps, max, engine.stopReason(),
                certificateUrl, generatorCpuSeconds, s.notifyLatency().responseTime());
    }

    /** One line naming what ran: scenarios with weights, transport, target and load shape. */
    public static String describe(LoadTestConfig c) {
        String scenarios = c.scenarios().size() == 1
                ? c.scenarios().keySet().iterator().next().cliName()
                : "mix " + c.scenarios().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey().cliName() + "=" + e.getValue()).collect(Collectors.joining(","));
        int steps = c.profile().stepCount();
        String shape;
        if (steps > 1 || c.findMax()) {
            List<String> rates = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                rates.add(fmt(c.profile().stepRate(i)));
            }
            shape = (c.findMax() ? "find-max over steps " : "steps ") + String.join(",", rates) + " calls/s";
        } else {
            shape = fmt(c.profile().stepRate(0)) + " calls/s for " + fmt(c.profile().totalNanos() / 1e9) + " s";
        }
        boolean ramp = c.profile().segments().getFirst().step() < 0;
        return scenarios + " over " + c.transport() + " to " + c.target().getAddress().getHostAddress() + ":"
                + c.target().getPort() + ", " + shape + (ramp ? " (after a ramp)" : "")
                + (c.scenarios().containsKey(Scenario.REGISTER) || c.users().size() > 0
                ? ", " + c.users().size() + " users, digest " + c.algorithm() : "");
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
    }
}
