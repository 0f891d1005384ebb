package io.vouch.loadtest.internal;

import io.vouch.loadtest.LatencySummary;
import io.vouch.loadtest.LoadTestResult;
import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.StepResult;
import java.util.Locale;
import java.util.Map;

/** The plain-text summary printed at the end of a run. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static String format(LoadTestResult r) {
        StringBuilder sb = new StringBuilder(2048);
        line(sb, "Vouch load test: %s", r.description());
        line(sb, "started %s, load %.1f s, wall %.1f s", r.startedAt(), r.scheduledSeconds(), r.wallSeconds());
        sb.append('\n');
        line(sb, "  calls       planned %d  issued %d  succeeded %d  failed %d", r.plannedCalls(), r.issued(),
                r.succeeded(), r.failed());
        line(sb, "  rate        offered %.1f/s  achieved %.1f/s (successful calls per second of load)",
                r.offeredRate(), r.achievedRate());
        line(sb, "  requests    sent %d  retransmitted %d (%.3f %%)  provisional %d  stray responses %d  ACKs %d%s",
                r.firstTransmissions(), r.retransmissions(), r.retransmissionRatio() * 100,
                r.provisionalResponses(), r.strayResponses(), r.acksSent(),
                r.malformedMessages() > 0 ? "  malformed " + r.malformedMessages() : "");
        sb.append('\n');
        line(sb, "  %-22s %10s %8s", "outcome", "calls", "%");
        for (Outcome o : Outcome.values()) {
            long n = r.outcomes().getOrDefault(o.label(), 0L);
            if (n > 0 || o == Outcome.SUCCESS) {
                line(sb, "  %-22s %10d %8.2f", o.label(), n, r.issued() == 0 ? 0.0 : 100.0 * n / r.issued());
            }
        }
        sb.append('\n');
        line(sb, "  %-22s %10s", "final response code", "count");
        for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(r.responseCodes()).entrySet()) {
            line(sb, "  %-22d %10d", e.getKey(), e.getValue());
        }
        if (r.responseCodes().isEmpty()) {
            line(sb, "  %-22s", "(none)");
        }
        if (!r.failureDetails().isEmpty()) {
            sb.append('\n');
            line(sb, "  %-10s %s", "failed by", "last final response");
            r.failureDetails().forEach((text, n) -> line(sb, "  %10d %s", n, text));
        }
        sb.append('\n');
        line(sb, "  %-16s %9s %9s %9s %9s %9s %9s", "latency (ms)", "p50", "p90", "p99", "p99.9", "max", "mean");
        latency(sb, "response time", r.responseTime(), "from intended send time; quote this");
        latency(sb, "service time", r.serviceTime(), "from actual first send");
        latency(sb, "scheduler lag", r.schedulerLag(), "how late the tool sent");
        if (r.notifyTime().count() > 0) {
            latency(sb, "NOTIFY", r.notifyTime(), String.format(java.util.Locale.ROOT,
                    "%d NOTIFYs, %.1f/s, from intended SUBSCRIBE send", r.notifyTime().count(),
                    r.notifyTime().count() / Math.max(r.scheduledSeconds(), 1e-9)));
        }
        if (r.generatorCpuSeconds() > 0) {
            line(sb, "  load generator used %.1f s of CPU in %.1f s (%.2f cores)", r.generatorCpuSeconds(),
                    r.wallSeconds(), r.generatorCpuSeconds() / Math.max(r.wallSeconds(), 1e-9));
        }
        if (r.generatorFellBehind()) {
            line(sb, "  WARNING: the load generator sent late (p99 %.1f ms behind schedule): it was short of CPU,",
                    r.schedulerLag().p99Ms());
            line(sb, "           so these latencies include its own delays. Give it a core of its own or lower the rate.");
        }
        if (!r.steps().isEmpty() && (r.steps().size() > 1 || r.maxSustainableRate().isPresent())) {
            sb.append('\n');
            line(sb, "  %4s %10s %9s %9s %7s %11s %9s %9s  %s", "step", "rate/s", "calls", "ok", "failed",
                    "achieved/s", "retrans%", "p99 ms", "verdict");
            for (StepResult s : r.steps()) {
                line(sb, "  %4d %10.1f %9d %9d %7d %11.1f %9.3f %9.2f  %s", s.step() + 1, s.intendedRate(),
                        s.calls(), s.succeeded(), s.failed(), s.achievedRate(), s.retransmissionRatio() * 100,
                        s.latency().p99Ms(), s.verdict());
            }
        }
        if (r.maxSustainableRate().isPresent()) {
            sb.append('\n');
            line(sb, "  highest sustainable rate: %.1f calls/s", r.maxSustainableRate().getAsDouble());
        } else if (!r.steps().isEmpty() && r.steps().size() > 1 && r.steps().stream().noneMatch(StepResult::passed)) {
            sb.append('\n');
            line(sb, "  no step passed");
        }
        if (!r.stopReason().isEmpty()) {
            line(sb, "  stopped: %s", r.stopReason());
        }
        r.certificateUrl().ifPresent(u -> line(sb, "  test certificate served at %s", u));
        return sb.toString();
    }

    private static void latency(StringBuilder sb, String name, LatencySummary l, String note) {
        line(sb, "  %-16s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f  (%s)", name, l.p50Ms(), l.p90Ms(), l.p99Ms(),
                l.p999Ms(), l.maxMs(), l.meanMs(), note);
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
