package io.vouch.registrar.internal.deliver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery stage's meters, named once: {@code vouch.delivery} (Prometheus {@code vouch_delivery_total}) by
 * {@code outcome} — delivered, rejected, undecipherable, timeout, no_binding, unknown_user, loop, too_many_hops,
 * forbidden, overloaded, bad_request — and the {@code vouch.delivery.pending} gauge.
 */
public final class DeliveryMetrics implements AutoCloseable {
    /** Outcomes exposed at 0 from the start, so that rates and alerts see a series before the first request. */
    static final java.util.List<String> OUTCOMES = java.util.List.of("delivered", "rejected", "undecipherable",
            "timeout", "no_binding", "unknown_user", "loop", "too_many_hops", "forbidden", "overloaded", "bad_request");
    private final MeterRegistry registry;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final Gauge pending;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pending = Gauge.builder("vouch.delivery.pending", pendingCount, AtomicInteger::get)
                .description("Requests waiting for their contacts' final responses").strongReference(true)
                .register(registry);
        OUTCOMES.forEach(this::counter);
    }

    public void outcome(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return outcomes.computeIfAbsent(outcome, o -> Counter.builder("vouch.delivery").tag("outcome", o)
                .description("Requests to registered users by outcome").register(registry));
    }

    /** Sets the number of pending requests. */
    public void pending(int count) {
        pendingCount.set(count);
    }

    /** The outcome tag of a final response that came from the contacts. */
    static String fromContacts(int status) {
        if (status >= 200 && status < 300) {
            return "delivered";
        }
        return switch (status) {
            case 408 -> "timeout";
            case 493 -> "undecipherable";
            default -> "rejected";
        };
    }

    @Override
    public void close() {
        registry.remove(pending);
    }
}
