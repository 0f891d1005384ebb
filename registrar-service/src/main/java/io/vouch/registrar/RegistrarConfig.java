package io.vouch.registrar;

import io.vouch.runtime.sip.SipCapabilities;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration of the registrar (RFC 3261 §10.3 expiry policy, RFC 5626 / RFC 3327 options, OPTIONS capabilities).
 *
 * <table>
 *   <caption>Keys read by {@link #from(JsonObject)}</caption>
 *   <tr><td>{@code registrar.default.expires.s}</td><td>expiry when neither the contact nor the request gives one,
 *       default 3600</td></tr>
 *   <tr><td>{@code registrar.min.expires.s}</td><td>shorter non-zero requests get 423 with Min-Expires, default
 *       60</td></tr>
 *   <tr><td>{@code registrar.max.expires.s}</td><td>longer requests are shortened to this, default 86400</td></tr>
 *   <tr><td>{@code registrar.max.contacts.per.aor}</td><td>more bindings than this for one AOR get 403, default
 *       10</td></tr>
 *   <tr><td>{@code registrar.sweep.interval.ms}</td><td>how often expired bindings are removed from the state topic,
 *       default 10000</td></tr>
 *   <tr><td>{@code registrar.replay.window}</td><td>how many recent REGISTERs (Call-ID, CSeq, branch) per AOR are
 *       remembered so a redelivered one is answered like the first time, default 8</td></tr>
 *   <tr><td>{@code registrar.domains}</td><td>array or comma list of domains whose AORs are served; empty serves
 *       any (the edge decides what reaches the registrar), default empty</td></tr>
 *   <tr><td>{@code registrar.outbound.enabled}</td><td>apply RFC 5626 flow bindings for contacts with
 *       {@code +sip.instance} and {@code reg-id}, default true</td></tr>
 *   <tr><td>{@code registrar.date.header}</td><td>add a Date header to 200 responses to REGISTER (RFC 3261 §10.3
 *       step 8), default true</td></tr>
 *   <tr><td>{@code registrar.allow}</td><td>methods listed in Allow of OPTIONS and 405 responses, default
 *       the ensemble's methods (INVITE, ACK, CANCEL, OPTIONS, REGISTER, SUBSCRIBE, PUBLISH)</td></tr>
 *   <tr><td>{@code registrar.accept}</td><td>Accept of OPTIONS responses, default application/sdp</td></tr>
 *   <tr><td>{@code registrar.accept.encoding}</td><td>Accept-Encoding of OPTIONS responses, default identity</td></tr>
 *   <tr><td>{@code registrar.accept.language}</td><td>Accept-Language of OPTIONS responses, default en</td></tr>
 * </table>
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
        return new RegistrarConfig(
                longValue(json, "registrar.default.expires.s", DEFAULT_EXPIRES_S),
                longValue(json, "registrar.min.expires.s", DEFAULT_MIN_EXPIRES_S),
                longValue(json, "registrar.max.expires.s", DEFAULT_MAX_EXPIRES_S),
                (int) longValue(json, "registrar.max.contacts.per.aor", DEFAULT_MAX_CONTACTS),
                Duration.ofMillis(longValue(json, "registrar.sweep.interval.ms", DEFAULT_SWEEP_INTERVAL.toMillis())),
                (int) longValue(json, "registrar.replay.window", DEFAULT_REPLAY_WINDOW),
                Set.copyOf(list(json, "registrar.domains", List.of())),
                bool(json, "registrar.outbound.enabled", true),
                bool(json, "registrar.date.header", true),
                list(json, "registrar.allow", DEFAULT_ALLOW).stream().map(m -> m.toUpperCase(Locale.ROOT)).toList(),
                string(json, "registrar.accept", SipCapabilities.ACCEPT),
                string(json, "registrar.accept.encoding", "identity"),
                string(json, "registrar.accept.language", "en"));
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

    private static long longValue(JsonObject json, String key, long def) {
        Object v = json.getValue(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: " + v);
        }
    }

    private static boolean bool(JsonObject json, String key, boolean def) {
        Object v = json.getValue(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false: " + v);
        };
    }

    private static String string(JsonObject json, String key, String def) {
        Object v = json.getValue(key);
        return v == null ? def : v.toString().trim();
    }

    private static List<String> list(JsonObject json, String key, List<String> def) {
        Object v = json.getValue(key);
        if (v == null) {
            return def;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            for (Object o : a) {
                if (o != null && !o.toString().isBlank()) {
                    out.add(o.toString().trim());
                }
            }
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
