package io.vouch.loadtest.internal;

import io.vouch.loadtest.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a call index to its scenario so that every window of {@code sum(weights)} consecutive calls holds each
 * scenario exactly its weight's number of times, spread evenly (smooth weighted round robin). Deterministic.
 */
public final class ScenarioMix {

    private final Scenario[] sequence;

    public ScenarioMix(Map<Scenario, Integer> weights) {
        Map<Scenario, Integer> sorted = new TreeMap<>(weights);
        int total = sorted.values().stream().mapToInt(Integer::intValue).sum();
        if (total <= 0 || total > 10_000) {
            throw new IllegalArgumentException("mix weights must sum to 1..10000: " + weights);
        }
        List<Scenario> order = new ArrayList<>(total);
        Map<Scenario, Integer> current = new TreeMap<>();
        for (int i = 0; i < total; i++) {
            Scenario best = null;
            for (Map.Entry<Scenario, Integer> e : sorted.entrySet()) {
                int c = current.merge(e.getKey(), e.getValue(), Integer::sum);
                if (best == null || c > current.get(best)) {
                    best = e.getKey();
                }
            }
            current.merge(best, -total, Integer::sum);
            order.add(best);
        }
        this.sequence = order.toArray(Scenario[]::new);
    }

    public Scenario scenarioOf(long callIndex) {
        return sequence[(int) (callIndex % sequence.length)];
    }
}
