package io.vouch.identity.internal.stage;

import io.vouch.identity.internal.passport.Attestation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Every identity-service meter, named and described once: signatures by attestation, verifications by result and
 * reason, certificate cache hits/misses and fetch latency. Tags are low-cardinality enums only.
 */
public final class IdentityMetrics {
    public static final String SIGNATURES = "vouch.identity.signatures";
    public static final String SIGN_REFUSED = "vouch.identity.sign.refused";
    public static final String VERIFICATIONS = "vouch.identity.verifications";
    public static final String MKY_CHECKS = "vouch.identity.mky.checks";
    public static final String CERT_CACHE = "vouch.identity.cert.cache";
    public static final String CERT_FETCH = "vouch.identity.cert.fetch";
    public static final String CRYPTO_PROVIDER = "vouch.identity.crypto.provider";

    private final MeterRegistry registry;

    public IdentityMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Metrics into a private registry (tests, tools). */
    public static IdentityMetrics noop() {
        return new IdentityMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void signed(Attestation attest) {
        signed(attest.name());
    }

    /** A legacy RFC 4474 signature, which carries no attestation: tag {@code attest=rfc4474}. */
    public void signedLegacy() {
        signed("rfc4474");
    }

    private void signed(String attest) {
        Counter.builder(SIGNATURES).description("Identity signatures, by SHAKEN attestation (or rfc4474)")
                .tag("attest", attest).register(registry).increment();
    }

    public void signRefused(String reason) {
        Counter.builder(SIGN_REFUSED).description("INVITEs the authentication service could not sign")
                .tag("reason", reason).register(registry).increment();
    }

    public void verified(String result, String reason) {
        Counter.builder(VERIFICATIONS).description("Identity verifications, by result and failure reason")
                .tag("result", result).tag("reason", reason).register(registry).increment();
    }

    /** A PASSporT {@code mky} checked against the SDP fingerprints: match, mismatch, absent or not_applicable. */
    public void mkyChecked(String result) {
        Counter.builder(MKY_CHECKS).description("PASSporT mky claims checked against the SDP fingerprints, by result")
                .tag("result", result).register(registry).increment();
    }

    public void cache(boolean hit) {
        Counter.builder(CERT_CACHE).description("Certificate cache lookups")
                .tag("result", hit ? "hit" : "miss").register(registry).increment();
    }

    public void fetched(boolean ok, Duration took) {
        Timer.builder(CERT_FETCH).description("Certificate fetch and validation latency")
                .tag("outcome", ok ? "ok" : "failed").publishPercentileHistogram(false)
                .register(registry).record(took);
    }

    /**
     * The provider in use for one ES256 operation: a gauge tagged {@code op} and {@code provider} whose value is
     * the rate the provider measured at start when AUTO chose it (0 when configured explicitly).
     */
    public void cryptoProvider(String op, String provider, double measuredOpsPerSecond) {
        Gauge.builder(CRYPTO_PROVIDER, () -> measuredOpsPerSecond)
                .description("JCA provider in use per ES256 operation; value: ops/s it measured at start (0: configured)")
                .tag("op", op).tag("provider", provider).register(registry);
    }

    /** Current count of a counter with the given tags (0 when never incremented). */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
