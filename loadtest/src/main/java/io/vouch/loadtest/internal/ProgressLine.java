package io.vouch.loadtest.internal;

import io.vouch.loadtest.IntervalPoint;
import java.util.List;
import java.util.Locale;

/** The one-line live status printed once a second while a run goes on. */
public final class ProgressLine {

    private ProgressLine() {
    }

    public static String format(LoadEngine engine, long second) {
        RunStats s = engine.stats();
        List<IntervalPoint> intervals = s.intervals();
        IntervalPoint last = intervals.isEmpty() ? new IntervalPoint(0, 0, 0, 0, 0, 0, 0, 0) : intervals.getLast();
        return String.format(Locale.ROOT,
                "[%4ds] %7d calls/s  ok %9d  failed %7d  in flight %6d  retrans %6.2f %%  p50 %7.2f ms  p99 %8.2f ms%s",
                second, last.started(), s.succeeded(), s.failed(), engine.active(),
                s.retransmissionRatio() * 100, last.p50Ms(), last.p99Ms(),
                engine.scheduler().hasNext() ? "" : "  (draining)");
    }
}
