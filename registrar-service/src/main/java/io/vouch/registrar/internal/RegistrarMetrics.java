package io.vouch.registrar.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every meter of the registrar, named once: {@code vouch.registrar.registrations} (tag {@code outcome}: updated,
 * query, replay or a {@link Rejection} tag), {@code vouch.registrar.bindings.active} and
 * {@code vouch.registrar.aors.active} gauges, {@code vouch.registrar.expirations}, {@code vouch.registrar.options},
 * {@code vouch.registrar.flow.bindings.removed} (bindings removed because their flow closed) and
 * {@code vouch.registrar.flow.removal.latency} (from the edge seeing the flow close to the removal).
 */
public final class RegistrarMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final Map<String, Counter> registrations = new ConcurrentHashMap<>();
    private final Counter expirations;
    private final Counter options;
    private final Counter flowRemovals;
    private final io.micrometer.core.instrument.Timer flowRemovalLatency;
    private final List<Meter> gauges;

    public RegistrarMetrics(MeterRegistry registry, BindingStore store) {
        this.registry = registry;
        this.expirations = Counter.builder("vouch.registrar.expirations")
                .description("Bindings removed because they expired").register(registry);
        this.options = Counter.builder("vouch.registrar.options")
                .description("OPTIONS answered by the registrar").register(registry);
        this.flowRemovals = Counter.builder("vouch.registrar.flow.bindings.removed")
                .description("Bindings removed because the flow they relied on closed").register(registry);
        this.flowRemovalLatency = io.micrometer.core.instrument.Timer.builder("vouch.registrar.flow.removal.latency")
                .description("From the edge seeing a flow close to its bindings being removed")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.gauges = List.of(
                Gauge.builder("vouch.registrar.bindings.active", store, BindingStore::bindingCount)
                        .description("Bindings held by this replica").strongReference(true).register(registry),
                Gauge.builder("vouch.registrar.aors.active", store, BindingStore::aorCount)
                        .description("Addresses of record with bindings held by this replica")
                        .strongReference(true).register(registry));
    }

    public void registration(String outcome) {
        registrations.computeIfAbsent(outcome, o -> Counter.builder("vouch.registrar.registrations")
                .tag("outcome", o).description("REGISTER requests by outcome").register(registry)).increment();
    }

    public void expired(int count) {
        if (count > 0) {
            expirations.increment(count);
        }
    }

    /** {@code count} bindings went with their flow, {@code latencyMicros} after it closed (-1 when unknown). */
    public void flowBindingsRemoved(int count, long latencyMicros) {
        flowRemovals.increment(count);
        if (latencyMicros >= 0) {
            flowRemovalLatency.record(latencyMicros, java.util.concurrent.TimeUnit.MICROSECONDS);
        }
    }

    public void options() {
        options.increment();
    }

    /** Removes the gauges, which refer to this instance's store. */
    @Override
    public void close() {
        gauges.forEach(registry::remove);
    }
}
