package io.vouch.runtime.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every meter of one stage, named once. Tags: {@code stage} always; {@code type}, {@code reason}, {@code kind},
 * {@code topic}, {@code partition} where stated — all low-cardinality.
 */
public final class StageMetrics {
    private final MeterRegistry registry;
    private final String stage;
    private final Counter received;
    private final Counter completed;
    private final Counter retries;
    private final Counter produceFailures;
    private final Counter commitFailures;
    private final Timer duration;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> drops = new ConcurrentHashMap<>();
    private final Map<String, Counter> handlerFailures = new ConcurrentHashMap<>();
    private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Meter> lagGauges = new ConcurrentHashMap<>();
    /** Gauge contributions of live stage instances, so several instances of one stage in a JVM add up. */
    private static final Map<GaugeKey, Set<Supplier<Number>>> LIVE = new ConcurrentHashMap<>();
    private final List<GaugeKey> contributed = new ArrayList<>();
    private final List<Supplier<Number>> suppliers = new ArrayList<>();

    private record GaugeKey(MeterRegistry registry, String name, String stage) {
        // identity of the registry matters, not its equals
        @Override
        public boolean equals(Object o) {
            return o instanceof GaugeKey k && k.registry == registry && k.name.equals(name) && k.stage.equals(stage);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(registry) * 31 + name.hashCode() * 17 + stage.hashCode();
        }
    }

    public StageMetrics(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
        this.received = Counter.builder("vouch.stage.records.received").tag("stage", stage)
                .description("Records polled from the stage's input topics").register(registry);
        this.completed = Counter.builder("vouch.stage.records.completed").tag("stage", stage)
                .description("Records whose outcomes were all acknowledged (offset committable)").register(registry);
        this.retries = Counter.builder("vouch.stage.retries").tag("stage", stage)
                .description("Retries of a handler call or an outcome send").register(registry);
        this.produceFailures = Counter.builder("vouch.stage.produce.failures").tag("stage", stage)
                .description("Outcome sends that failed for good; the record's later outcomes were skipped")
                .register(registry);
        this.commitFailures = Counter.builder("vouch.stage.commit.failures").tag("stage", stage)
                .description("Offset commits that failed (retried on the next commit)").register(registry);
        this.duration = Timer.builder("vouch.stage.duration").tag("stage", stage)
                .description("From handing a record to the handler to all its outcomes acknowledged")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    /** Adds this instance's {@code value} to the stage-wide gauge {@code name} (summed over live instances). */
    public void gauge(String name, String description, Supplier<Number> value) {
        GaugeKey key = new GaugeKey(registry, name, stage);
        Set<Supplier<Number>> live = LIVE.computeIfAbsent(key, k -> {
            Set<Supplier<Number>> set = ConcurrentHashMap.newKeySet();
            Gauge.builder(name, set, s -> s.stream().mapToDouble(x -> x.get().doubleValue()).sum())
                    .tag("stage", stage).description(description).register(registry);
            return set;
        });
        live.add(value);
        synchronized (contributed) {
            contributed.add(key);
            suppliers.add(value);
        }
    }

    public void received(int n) {
        received.increment(n);
    }

    public void completed(long nanos) {
        completed.increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void retry() {
        retries.increment();
    }

    public void produceFailure() {
        produceFailures.increment();
    }

    public void commitFailure() {
        commitFailures.increment();
    }

    /** Counts a produced outcome: {@code type} one of reply, forward, write, drop. */
    public void outcome(String type) {
        outcomes.computeIfAbsent(type, t -> Counter.builder("vouch.stage.outcomes").tag("stage", stage)
                .tag("type", t).description("Outcomes produced, by type").register(registry)).increment();
    }

    /** Counts a dropped record or outcome under a short constant reason. */
    public void drop(String reason) {
        outcome("drop");
        drops.computeIfAbsent(reason, r -> Counter.builder("vouch.stage.drops").tag("stage", stage)
                .tag("reason", r).description("Records dropped, by reason").register(registry)).increment();
    }

    /** Counts a handler failure: {@code kind} retriable, fatal or timeout. */
    public void handlerFailure(String kind) {
        handlerFailures.computeIfAbsent(kind, k -> Counter.builder("vouch.stage.handler.failures")
                .tag("stage", stage).tag("kind", k).description("Handler calls that failed, by kind")
                .register(registry)).increment();
    }

    /** Sets the consumer lag of one partition: log end offset minus the committable offset. */
    public void lag(TopicPartition tp, long value) {
        lag.computeIfAbsent(tp, p -> {
            AtomicLong holder = new AtomicLong();
            lagGauges.put(p, Gauge.builder("vouch.kafka.consumer.lag", holder, AtomicLong::get)
                    .tag("stage", stage).tag("topic", p.topic()).tag("partition", Integer.toString(p.partition()))
                    .description("Records not yet processed and committed, per input partition")
                    .register(registry));
            return holder;
        }).set(value);
    }

    /** Removes the lag gauges of partitions this stage no longer owns. */
    public void forget(Iterable<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            lag.remove(tp);
            Meter m = lagGauges.remove(tp);
            if (m != null) {
                registry.remove(m);
            }
        }
    }

    /**
     * Withdraws this instance's gauge contributions and lag gauges; counters stay registered (another instance of
     * the same stage may share them).
     */
    public void close() {
        forget(List.copyOf(lagGauges.keySet()));
        synchronized (contributed) {
            for (int i = 0; i < contributed.size(); i++) {
                Set<Supplier<Number>> live = LIVE.get(contributed.get(i));
                if (live != null) {
                    live.remove(suppliers.get(i));
                }
            }
            contributed.clear();
            suppliers.clear();
        }
    }
}
