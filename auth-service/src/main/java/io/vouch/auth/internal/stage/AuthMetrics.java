package io.vouch.auth.internal.stage;

import io.vouch.auth.internal.digest.AuthOutcome;
import io.vouch.auth.internal.digest.AuthResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every meter of the auth stage, named and described once: {@code vouch.auth.results} (tags {@code result},
 * {@code reason}), {@code vouch.auth.challenges} (tag {@code reason}), {@code vouch.auth.lockouts} (tag
 * {@code scope}), {@code vouch.auth.rerouted} and gauges of tracked state; tags never carry user names or addresses
 * (RFC 3261 §22 outcomes only).
 */
public final class AuthMetrics {
    private final MeterRegistry registry;
    private final Map<AuthOutcome, Counter> results = new EnumMap<>(AuthOutcome.class);
    private final Map<AuthOutcome, Counter> challenges = new EnumMap<>(AuthOutcome.class);
    private final Counter sourceLockouts;
    private final Counter userLockouts;
    private final Counter trustedPeer;
    private final Counter rerouted;

    public AuthMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (AuthOutcome o : AuthOutcome.values()) {
            results.put(o, Counter.builder("vouch.auth.results").description("Digest verification results")
                    .tag("result", result(o)).tag("reason", o.tag()).register(registry));
            if (o.action() == AuthOutcome.Action.CHALLENGE) {
                challenges.put(o, Counter.builder("vouch.auth.challenges")
                        .description("401/407 challenges sent, by why").tag("reason", o.tag()).register(registry));
            }
        }
        sourceLockouts = Counter.builder("vouch.auth.lockouts").description("Brute-force lock-outs started")
                .tag("scope", "source").register(registry);
        userLockouts = Counter.builder("vouch.auth.lockouts").description("Brute-force lock-outs started")
                .tag("scope", "user").register(registry);
        trustedPeer = Counter.builder("vouch.auth.results").description("Digest verification results")
                .tag("result", "ok").tag("reason", "trusted_peer").register(registry);
        rerouted = Counter.builder("vouch.auth.rerouted")
                .description("Requests sent back to the auth topic under their user's key").register(registry);
    }

    /** The coarse {@code result} tag of an outcome. */
    static String result(AuthOutcome o) {
        return switch (o) {
            case OK -> "ok";
            case CHALLENGE, STALE, REALM_MISMATCH, ALGORITHM_NOT_ALLOWED -> "challenged";
            case BAD_RESPONSE, UNKNOWN_USER, REPLAY -> "failed";
            case URI_MISMATCH, MALFORMED, LOCKED_OUT, IDENTITY_MISMATCH -> "refused";
        };
    }

    /** Counts one authentication result. */
    public void record(AuthResult r) {
        results.get(r.outcome()).increment();
        Counter c = challenges.get(r.outcome());
        if (c != null) {
            c.increment();
        }
        r.newLockout().ifPresent(scope -> ("user".equals(scope) ? userLockouts : sourceLockouts).increment());
    }

    /** Counts a request from a trusted mutual-TLS peer, let through without digest. */
    public void trustedPeer() {
        trustedPeer.increment();
    }

    /** Counts a request re-keyed to the partition owning its user. */
    public void rerouted() {
        rerouted.increment();
    }

    /** Registers a gauge {@code vouch.auth.<name>}. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder("vouch.auth." + name, value).description(description).register(registry);
    }
}
