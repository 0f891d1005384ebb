package io.vouch.loadtest.internal;

import io.vouch.loadtest.IntervalPoint;
import io.vouch.loadtest.LatencySummary;
import io.vouch.loadtest.LoadTestResult;
import io.vouch.loadtest.Outcome;
import io.vouch.loadtest.PercentilePoint;
import io.vouch.loadtest.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML page for one run: verdict and headline figures first, then the latency percentile
 * distribution (HdrHistogram style, log-scaled percentile axis), throughput and latency over time, steps, and the
 * full tables. Inline CSS and SVG only; the result JSON is embedded as a data block for tooling.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:820px;
            color:#222;padding:0 1rem}h1{font-size:1.4rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:2rem}
            .sub{color:#666;margin-top:0}.verdict{padding:.8rem 1rem;border-radius:6px;font-weight:600;margin:1rem 0}
            .ok{background:#e6f4ea;color:#1e6b35}.bad{background:#fde8e8;color:#9b1c1c}
            .cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{flex:1 1 120px;border:1px solid #ddd;border-radius:6px;
            padding:.6rem .8rem}.card b{display:block;font-size:1.35rem}.card span{color:#666;font-size:.8rem}
            table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:right;padding:.25rem .5rem;
            border-bottom:1px solid #eee}th:first-child,td:first-child{text-align:left}
            .chart{width:100%;height:auto}.tick{font-size:11px;fill:#555}.axis{font-size:12px;fill:#333}
            .legend{font-size:12px;fill:#333}.note{color:#666;font-size:.85rem}
            """;

    private HtmlReport() {
    }

    public static String render(LoadTestResult r) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>Vouch load test report</title><style>").append(CSS).append("</style></head><body>");
        sb.append("<h1>Vouch load test</h1><p class=\"sub\">").append(Html.escape(r.description()))
                .append("<br>started ").append(Html.escape(r.startedAt().toString()))
                .append(fmt(", load %.1f s, wall %.1f s", r.scheduledSeconds(), r.wallSeconds())).append("</p>");
        verdict(sb, r);
        cards(sb, r);

        sb.append("<h2>Latency by percentile</h2>");
        sb.append(percentileChart(r));
        sb.append("<p class=\"note\">Response time is measured from the moment each call was <em>scheduled</em> "
                + "to be sent, so a stall of the server or of the load generator counts in full (no coordinated "
                + "omission). Service time starts at the actual send and is shown only for comparison.</p>");

        if (!r.intervals().isEmpty()) {
            sb.append("<h2>Throughput over time</h2>").append(throughputChart(r.intervals()));
            sb.append("<h2>Latency over time</h2>").append(latencyOverTimeChart(r.intervals()));
        }
        if (r.steps().size() > 1) {
            sb.append("<h2>Steps</h2>").append(stepChart(r.steps())).append(stepTable(r.steps()));
        }
        sb.append("<h2>Latency (ms)</h2><table><tr><th></th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>")
                .append("<th>max</th><th>mean</th><th>count</th></tr>");
        latencyRow(sb, "response time (from intended send)", r.responseTime());
        latencyRow(sb, "service time (from actual send)", r.serviceTime());
        latencyRow(sb, "scheduler lag", r.schedulerLag());
        sb.append("</table>");
        if (r.generatorFellBehind()) {
            sb.append("<p class=\"note\"><b>Warning:</b> the load generator sent late (p99 ")
                    .append(fmt("%.1f", r.schedulerLag().p99Ms()))
                    .append(" ms behind schedule): it was short of CPU, so these latencies include its own delays.</p>");
        }

        sb.append("<h2>Outcomes</h2><table><tr><th>outcome</th><th>calls</th><th>%</th></tr>");
        for (Outcome o : Outcome.values()) {
            long n = r.outcomes().getOrDefault(o.label(), 0L);
            if (n > 0 || o == Outcome.SUCCESS) {
                sb.append("<tr><td>").append(o.label()).append("</td><td>").append(n).append("</td><td>")
                        .append(fmt("%.2f", r.issued() == 0 ? 0.0 : 100.0 * n / r.issued())).append("</td></tr>");
            }
        }
        sb.append("</table><h2>Final responses by code</h2><table><tr><th>code</th><th>count</th></tr>");
        for (Map.Entry<Integer, Long> e : new TreeMap<>(r.responseCodes()).entrySet()) {
            sb.append("<tr><td>").append(e.getKey()).append("</td><td>").append(e.getValue()).append("</td></tr>");
        }
        sb.append("</table>");
        if (!r.failureDetails().isEmpty()) {
            sb.append("<h2>Failed calls by last final response</h2><table><tr><th>response</th><th>calls</th></tr>");
            r.failureDetails().forEach((text, n) -> sb.append("<tr><td>").append(Html.escape(text))
                    .append("</td><td>").append(n).append("</td></tr>"));
            sb.append("</table>");
        }
        sb.append("<h2>Requests</h2><table>");
        row(sb, "first transmissions", Long.toString(r.firstTransmissions()));
        row(sb, "retransmissions", r.retransmissions() + fmt(" (%.3f %%)", r.retransmissionRatio() * 100));
        row(sb, "provisional responses", Long.toString(r.provisionalResponses()));
        row(sb, "stray (retransmitted or late) responses", Long.toString(r.strayResponses()));
        row(sb, "ACKs sent", Long.toString(r.acksSent()));
        row(sb, "malformed messages received", Long.toString(r.malformedMessages()));
        sb.append("</table>");
        r.certificateUrl().ifPresent(u -> sb.append("<p class=\"note\">Test certificate served at ")
                .append(Html.escape(u)).append("</p>"));
        sb.append("<script type=\"application/json\" id=\"result\">")
                .append(r.toJson().encode().replace("</", "<\\/")).append("</script>");
        return sb.append("</body></html>\n").toString();
    }

    private static void verdict(StringBuilder sb, LoadTestResult r) {
        boolean ok = r.failed() == 0 && r.issued() > 0;
        String text;
        if (r.maxSustainableRate().isPresent()) {
            ok = true;
            text = fmt("Highest sustainable rate: %.0f calls/s", r.maxSustainableRate().getAsDouble());
        } else if (!r.steps().isEmpty() && r.steps().size() > 1 && r.stopReason().length() > 0) {
            ok = false;
            text = "No step passed: " + r.stopReason();
        } else if (ok) {
            text = fmt("All %d calls succeeded at %.1f calls/s", r.succeeded(), r.achievedRate());
        } else {
            text = fmt("%d of %d calls failed", r.failed(), r.issued());
        }
        sb.append("<div class=\"verdict ").append(ok ? "ok" : "bad").append("\">").append(Html.escape(text));
        if (!r.stopReason().isEmpty()) {
            sb.append("<br><small>stopped: ").append(Html.escape(r.stopReason())).append("</small>");
        }
        sb.append("</div>");
    }

    private static void cards(StringBuilder sb, LoadTestResult r) {
        sb.append("<div class=\"cards\">");
        card(sb, fmt("%.1f/s", r.achievedRate()), "achieved rate");
        card(sb, fmt("%.2f ms", r.responseTime().p50Ms()), "p50 response");
        card(sb, fmt("%.2f ms", r.responseTime().p99Ms()), "p99 response");
        card(sb, fmt("%.2f ms", r.responseTime().p999Ms()), "p99.9 response");
        card(sb, Long.toString(r.failed()), "failed calls");
        card(sb, fmt("%.3f %%", r.retransmissionRatio() * 100), "retransmissions");
        sb.append("</div>");
    }

    private static void card(StringBuilder sb, String value, String label) {
        sb.append("<div class=\"card\"><b>").append(Html.escape(value)).append("</b><span>")
                .append(Html.escape(label)).append("</span></div>");
    }

    static String percentileChart(LoadTestResult r) {
        long count = Math.max(10, r.responseTime().count());
        int nines = (int) Math.max(2, Math.min(6, Math.ceil(Math.log10(count))));
        double max = Math.max(r.responseTime().maxMs(), r.serviceTime().maxMs());
        return SvgChart.render("latency by percentile", SvgChart.percentile(nines),
                SvgChart.linear("latency (ms)", 0, max, SvgChart::label),
                List.of(distribution("service time", "#aaaaaa", r.serviceTimeDistribution(), nines),
                        distribution("response time", "#1f77b4", r.responseTimeDistribution(), nines)));
    }

    private static SvgChart.Series distribution(String name, String color, List<PercentilePoint> points, int nines) {
        List<double[]> xy = new ArrayList<>();
        for (PercentilePoint p : points) {
            xy.add(new double[] {SvgChart.percentileX(p.percentile(), nines), p.valueMs()});
        }
        return new SvgChart.Series(name, color, xy);
    }

    static String throughputChart(List<IntervalPoint> intervals) {
        List<double[]> started = new ArrayList<>();
        List<double[]> ok = new ArrayList<>();
        List<double[]> failed = new ArrayList<>();
        double max = 1;
        for (IntervalPoint p : intervals) {
            started.add(new double[] {p.second(), p.started()});
            ok.add(new double[] {p.second(), p.succeeded()});
            failed.add(new double[] {p.second(), p.failed()});
            max = Math.max(max, Math.max(p.started(), Math.max(p.succeeded(), p.failed())));
        }
        double end = Math.max(1, intervals.getLast().second() + 1);
        return SvgChart.render("throughput over time", SvgChart.linear("seconds", 0, end, v -> fmt("%.0f", v)),
                SvgChart.linear("calls per second", 0, max, SvgChart::label),
                List.of(new SvgChart.Series("started", "#aaaaaa", started),
                        new SvgChart.Series("succeeded", "#2ca02c", ok),
                        new SvgChart.Series("failed", "#d62728", failed)));
    }

    static String latencyOverTimeChart(List<IntervalPoint> intervals) {
        List<double[]> p50 = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        List<double[]> max = new ArrayList<>();
        double top = 0.1;
        for (IntervalPoint p : intervals) {
            if (p.succeeded() == 0) {
                continue;
            }
            p50.add(new double[] {p.second(), p.p50Ms()});
            p99.add(new double[] {p.second(), p.p99Ms()});
            max.add(new double[] {p.second(), p.maxMs()});
            top = Math.max(top, p.maxMs());
        }
        double end = Math.max(1, intervals.getLast().second() + 1);
        return SvgChart.render("latency over time", SvgChart.linear("seconds", 0, end, v -> fmt("%.0f", v)),
                SvgChart.linear("response time (ms)", 0, top, SvgChart::label),
                List.of(new SvgChart.Series("max", "#bbbbbb", max), new SvgChart.Series("p99", "#ff7f0e", p99),
                        new SvgChart.Series("p50", "#1f77b4", p50)));
    }

    static String stepChart(List<StepResult> steps) {
        List<double[]> intended = new ArrayList<>();
        List<double[]> achieved = new ArrayList<>();
        double max = 1;
        for (StepResult s : steps) {
            intended.add(new double[] {s.step() + 1, s.intendedRate()});
            if (s.calls() > 0) {
                achieved.add(new double[] {s.step() + 1, s.achievedRate()});
            }
            max = Math.max(max, Math.max(s.intendedRate(), s.achievedRate()));
        }
        return SvgChart.render("rate by step", SvgChart.integers("step", 1, steps.size()),
                SvgChart.linear("calls per second", 0, max, SvgChart::label),
                List.of(new SvgChart.Series("intended", "#aaaaaa", intended),
                        new SvgChart.Series("achieved (successful)", "#2ca02c", achieved)));
    }

    private static String stepTable(List<StepResult> steps) {
        StringBuilder sb = new StringBuilder("<table><tr><th>step</th><th>rate/s</th><th>calls</th><th>failed</th>"
                + "<th>achieved/s</th><th>retrans %</th><th>p50 ms</th><th>p99 ms</th><th>verdict</th></tr>");
        for (StepResult s : steps) {
            sb.append("<tr><td>").append(s.step() + 1).append("</td><td>").append(fmt("%.1f", s.intendedRate()))
                    .append("</td><td>").append(s.calls()).append("</td><td>").append(s.failed())
                    .append("</td><td>").append(fmt("%.1f", s.achievedRate())).append("</td><td>")
                    .append(fmt("%.3f", s.retransmissionRatio() * 100)).append("</td><td>")
                    .append(fmt("%.2f", s.latency().p50Ms())).append("</td><td>")
                    .append(fmt("%.2f", s.latency().p99Ms())).append("</td><td>").append(Html.escape(s.verdict()))
                    .append("</td></tr>");
        }
        return sb.append("</table>").toString();
    }

    private static void latencyRow(StringBuilder sb, String name, LatencySummary l) {
        sb.append("<tr><td>").append(Html.escape(name)).append("</td>")
                .append(fmt("<td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>",
                        l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs(), l.meanMs()))
                .append("<td>").append(l.count()).append("</td></tr>");
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append("<tr><td>").append(Html.escape(name)).append("</td><td>").append(Html.escape(value))
                .append("</td></tr>");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
