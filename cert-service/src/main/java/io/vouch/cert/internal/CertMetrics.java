package io.vouch.cert.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The certificate service's metrics, named once: {@code vouch_cert_publications_total{outcome}},
 * {@code vouch_cert_subscribes_total{outcome}}, {@code vouch_cert_notifies_total{result}} and the
 * {@code vouch_cert_subscriptions_active} gauge. Tags are short constants, never AORs.
 */
public final class CertMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Gauge active;

    public CertMetrics(MeterRegistry registry, Supplier<Number> activeSubscriptions) {
        this.registry = registry;
        this.active = Gauge.builder("vouch.cert.subscriptions.active", activeSubscriptions)
                .description("Subscriptions held by this replica").register(registry);
    }

    /** A PUBLISH finished with {@code outcome} (initial, modify, refresh, remove, replay, or a rejection tag). */
    public void publication(String outcome) {
        count("vouch.cert.publications", "PUBLISH requests by outcome", "outcome", outcome);
    }

    /** A SUBSCRIBE finished with {@code outcome}. */
    public void subscribe(String outcome) {
        count("vouch.cert.subscribes", "SUBSCRIBE requests by outcome", "outcome", outcome);
    }

    /** A NOTIFY was sent, or its transaction ended with {@code result} (2xx, 408, 481, other). */
    public void notifyResult(String result) {
        count("vouch.cert.notifies", "NOTIFY requests sent and their results", "result", result);
    }

    private void count(String name, String description, String tag, String value) {
        counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).description(description)
                .tag(tag, value).register(registry)).increment();
    }

    public void close() {
        registry.remove(active);
        counters.values().forEach(registry::remove);
    }
}
