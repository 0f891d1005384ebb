package io.vouch.registrar;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;
import io.vouch.runtime.sip.SipCapabilities;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration of the registrar (RFC 3261 §10.3 expiry policy, RFC 5626 / RFC 3327 options, OPTIONS capabilities):
 * the {@code registrar.*} keys declared in {@link #DEF}.
 */
public record RegistrarConfig(long defaultExpiresSeconds, long minExpiresSeconds, long maxExpiresSeconds,
                              int maxContactsPerAor, Duration sweepInterval, int replayWindow, Set<String> domains,
                              boolean outboundEnabled, boolean dateHeader, List<String> allow, String accept,
                              String acceptEncoding, String acceptLanguage) {
    public static final long DEFAULT_EXPIRES_S = 3600;
    public static final long DEFAULT_MIN_EXPIRES_S = 60;
    public static final long DEFAULT_MAX_EXPIRES_S = 86_400;
    public static final int DEFAULT_MAX_CONTACTS = 10;
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_REPLAY_WINDOW = 8;
    public static final List<String> DEFAULT_ALLOW = SipCapabilities.ALLOW;
    private static final Validator EXPIRES = Validator.between(1, 0xFFFF_FFFFL);

    /** Every {@code registrar.*} key. */
    public static final ConfigDef DEF = ConfigDef.of("registrar", "registrar.", "Registrar stage")
            .define("registrar.default.expires.s", Type.LONG, DEFAULT_EXPIRES_S, EXPIRES, Importance.MEDIUM,
                    "expiry when neither the contact nor the request gives one")
            .define("registrar.min.expires.s", Type.LONG, DEFAULT_MIN_EXPIRES_S, EXPIRES, Importance.MEDIUM,
                    "shorter non-zero requests get 423 with Min-Expires")
            .define("registrar.max.expires.s", Type.LONG, DEFAULT_MAX_EXPIRES_S, EXPIRES, Importance.MEDIUM,
                    "longer requests are shortened to this")
            .define("registrar.max.contacts.per.aor", Type.INT, DEFAULT_MAX_CONTACTS, Validator.between(1, 10_000),
                    Importance.MEDIUM, "more bindings than this for one AOR get 403")
            .define("registrar.sweep.interval.ms", Type.LONG, DEFAULT_SWEEP_INTERVAL.toMillis(),
                    Validator.atLeast(1), Importance.LOW,
                    "how often expired bindings are removed from the state topic")
            .define("registrar.replay.window", Type.INT, DEFAULT_REPLAY_WINDOW, Validator.between(0, 1000),
                    Importance.LOW, "recent REGISTERs per AOR remembered so a redelivered one is answered alike")
            .define("registrar.domains", Type.LIST, List.of(), Importance.MEDIUM,
                    "domains whose AORs are served; empty serves any (the edge decides what reaches the registrar)")
            .define("registrar.outbound.enabled", Type.BOOLEAN, true, Importance.LOW,
                    "RFC 5626 flow bindings for contacts with +sip.instance and reg-id")
            .define("registrar.date.header", Type.BOOLEAN, true, Importance.LOW,
                    "a Date header in 200 responses to REGISTER (RFC 3261 §10.3 step 8)")
            .define("registrar.allow", Type.LIST, DEFAULT_ALLOW, Validator.nonEmptyList(), Importance.LOW,
                    "methods listed in Allow of OPTIONS and 405 responses (default: the ensemble's methods)")
            .define("registrar.accept", Type.STRING, SipCapabilities.ACCEPT, Importance.LOW, "Accept of OPTIONS responses")
            .define("registrar.accept.encoding", Type.STRING, "identity", Importance.LOW,
                    "Accept-Encoding of OPTIONS responses")
            .define("registrar.accept.language", Type.STRING, "en", Importance.LOW,
                    "Accept-Language of OPTIONS responses")
            .overrides(StageConfig.DEF);

    public RegistrarConfig {
        requireRange("registrar.min.expires.s", minExpiresSeconds, 1, 0xFFFF_FFFFL);
        requireRange("registrar.max.expires.s", maxExpiresSeconds, minExpiresSeconds, 0xFFFF_FFFFL);
        requireRange("registrar.default.expires.s", defaultExpiresSeconds, minExpiresSeconds, maxExpiresSeconds);
        requireRange("registrar.max.contacts.per.aor", maxContactsPerAor, 1, 10_000);
        requireRange("registrar.replay.window", replayWindow, 0, 1000);
        Objects.requireNonNull(sweepInterval, "registrar.sweep.interval.ms");
        if (sweepInterval.toMillis() < 1) {
            throw new IllegalArgumentException("registrar.sweep.interval.ms must be >= 1: " + sweepInterval.toMillis());
        }
        TreeSet<String> d = new TreeSet<>();
        for (String s : domains) {
            d.add(s.toLowerCase(Locale.ROOT));
        }
        domains = Set.copyOf(d);
        allow = List.copyOf(allow);
        if (allow.isEmpty()) {
            throw new IllegalArgumentException("registrar.allow must list at least one method");
        }
        Objects.requireNonNull(accept, "registrar.accept");
        Objects.requireNonNull(acceptEncoding, "registrar.accept.encoding");
        Objects.requireNonNull(acceptLanguage, "registrar.accept.language");
    }

    /** Every key at its default. */
    public static RegistrarConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the {@code registrar.*} keys of {@code json}; a bad value throws IllegalArgumentException naming its key. */
    public static RegistrarConfig from(JsonObject json) {
        Config c = DEF.parse(json);
        return new RegistrarConfig(
                c.getLong("registrar.default.expires.s"),
                c.getLong("registrar.min.expires.s"),
                c.getLong("registrar.max.expires.s"),
                c.getInt("registrar.max.contacts.per.aor"),
                Duration.ofMillis(c.getLong("registrar.sweep.interval.ms")),
                c.getInt("registrar.replay.window"),
                Set.copyOf(c.getList("registrar.domains")),
                c.getBoolean("registrar.outbound.enabled"),
                c.getBoolean("registrar.date.header"),
                c.getList("registrar.allow").stream().map(m -> m.toUpperCase(Locale.ROOT)).toList(),
                c.getString("registrar.accept"),
                c.getString("registrar.accept.encoding"),
                c.getString("registrar.accept.language"));
    }

    /** A copy with other expiry limits (tests and embedded setups). */
    public RegistrarConfig withExpires(long defaultS, long minS, long maxS) {
        return new RegistrarConfig(defaultS, minS, maxS, maxContactsPerAor, sweepInterval, replayWindow, domains,
                outboundEnabled, dateHeader, allow, accept, acceptEncoding, acceptLanguage);
    }

    /** A copy with another per-AOR contact limit. */
    public RegistrarConfig withMaxContactsPerAor(int max) {
        return new RegistrarConfig(defaultExpiresSeconds, minExpiresSeconds, maxExpiresSeconds, max, sweepInterval,
                replayWindow, domains, outboundEnabled, dateHeader, allow, accept, acceptEncoding, acceptLanguage);
    }

    /** A copy with another sweep interval. */
    public RegistrarConfig withSweepInterval(Duration interval) {
        return new RegistrarConfig(defaultExpiresSeconds, minExpiresSeconds, maxExpiresSeconds, maxContactsPerAor,
                interval, replayWindow, domains, outboundEnabled, dateHeader, allow, accept, acceptEncoding,
                acceptLanguage);
    }

    /** A copy serving only {@code served} domains. */
    public RegistrarConfig withDomains(Set<String> served) {
        return new RegistrarConfig(defaultExpiresSeconds, minExpiresSeconds, maxExpiresSeconds, maxContactsPerAor,
                sweepInterval, replayWindow, served, outboundEnabled, dateHeader, allow, accept, acceptEncoding,
                acceptLanguage);
    }

    private static void requireRange(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "]: " + v);
        }
    }
}
