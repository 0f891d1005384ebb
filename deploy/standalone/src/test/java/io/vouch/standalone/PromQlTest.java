package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {
    @Test
    void findsMetricNamesButNotFunctionsLabelsOrKeywords() {
        assertEquals(Set.of("vouch_edge_transaction_duration_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, instance) (rate(vouch_edge_transaction_duration_seconds_bucket"
                        + "{reason=~\"a|b\", x!='y'}[5m]))) > 0.5"));
        assertEquals(Set.of("vouch_a_total", "vouch_b"), PromQl.metricNames(
                "sum(rate(vouch_a_total[1m])) / on (stage) group_left clamp_min(sum without (x) (vouch_b), 1e3)"));
        assertEquals(Set.of("up"), PromQl.metricNames("up{job=\"vouch\"} == 0"));
    }
}
