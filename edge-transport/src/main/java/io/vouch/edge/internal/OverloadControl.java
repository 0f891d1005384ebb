package io.vouch.edge.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;

/**
 * Refuses a share of new requests to a pipeline topic while its replies show a standing queue, so that past capacity
 * the edge answers {@code 503} at once (RFC 6357 §4: reject early and cheaply) instead of letting every request age
 * in the backlog until the pipeline deadline.
 *
 * <p>The signal is the smallest delay between publishing a request and its final reply over an interval: what a
 * standing queue adds to every request, which a burst or one slow request does not raise (the idea of CoDel, RFC
 * 8289). At the end of each interval with replies the refused share rises by {@value #STEP_UP} when that smallest
 * delay exceeded the target and falls by {@value #STEP_DOWN} when it did not; an interval without replies lowers it
 * too, so an edge that refuses everything probes again once the backlog has drained.
 *
 * <p>Not thread-safe: owned by the edge's event loop.
 */
public final class OverloadControl {
    static final double STEP_UP = 0.1;
    static final double STEP_DOWN = 0.05;

    private static final class Topic {
        long windowStart;
        long minDelay = Long.MAX_VALUE;
        double refused;
    }

    private final long targetNanos;
    private final long intervalNanos;
    private final DoubleSupplier random;
    private final BiConsumer<String, DoubleSupplier> onNewTopic;
    private final Map<String, Topic> topics = new HashMap<>();

    /**
     * @param targetNanos   the smallest delay in an interval above which the topic counts as overloaded; 0 = off
     * @param intervalNanos how long each measurement runs
     * @param random        uniform in [0, 1), picks which requests are refused
     * @param onNewTopic    told each topic once, when it is first judged, with its current refused share (e.g. to
     *                      register a gauge of it)
     */
    public OverloadControl(long targetNanos, long intervalNanos, DoubleSupplier random,
            BiConsumer<String, DoubleSupplier> onNewTopic) {
        if (targetNanos < 0 || intervalNanos <= 0) {
            throw new IllegalArgumentException("target >= 0 and interval > 0 required");
        }
        this.targetNanos = targetNanos;
        this.intervalNanos = intervalNanos;
        this.random = random;
        this.onNewTopic = onNewTopic;
    }

    /** True when a new request to {@code topic} may be published; false means answer it 503. */
    public boolean admit(String topic, long nowNanos) {
        Topic t = topic(topic, nowNanos);
        return t.refused == 0 || random.getAsDouble() >= t.refused;
    }

    /** A final reply for a request published to {@code topic} came back {@code delayNanos} after it was published. */
    public void replied(String topic, long delayNanos, long nowNanos) {
        if (targetNanos == 0) {
            return;
        }
        Topic t = topic(topic, nowNanos);
        t.minDelay = Math.min(t.minDelay, delayNanos);
    }

    /** The share of new requests to {@code topic} currently refused, in [0, 1]. */
    public double refused(String topic) {
        Topic t = topics.get(topic);
        return t == null ? 0 : t.refused;
    }

    private Topic topic(String name, long now) {
        Topic t = topics.get(name);
        if (t == null) {
            t = new Topic();
            t.windowStart = now;
            topics.put(name, t);
            Topic created = t;
            onNewTopic.accept(name, () -> created.refused);
        } else if (now - t.windowStart >= intervalNanos) {
            boolean over = t.minDelay != Long.MAX_VALUE && t.minDelay > targetNanos;
            t.refused = over ? Math.min(1, t.refused + STEP_UP) : Math.max(0, t.refused - STEP_DOWN);
            if (t.refused < 1e-9) {
                t.refused = 0;
            }
            t.windowStart = now;
            t.minDelay = Long.MAX_VALUE;
        }
        return t;
    }
}
