package io.vouch.auth;

import io.vertx.core.json.JsonObject;
import io.vouch.auth.internal.ConfigValues;
import io.vouch.proto.Topics;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of the digest authentication stage (RFC 3261 §22, RFC 7616, RFC 8760): the {@code auth.*} keys, listed
 * with their defaults in auth-service/README.md and read by {@link #from(JsonObject)}, which fails naming the key on a
 * bad value.
 *
 * @param realms             realms served, lower-case; a request is challenged in the realm equal to its target host
 *                           (To host for REGISTER, Request-URI host otherwise), else in the first
 * @param nonceKeysGenerated true when no {@code nonce.keys} were configured and a random key was made up, which is
 *                           only correct for a single replica
 * @param routes             method → next stage topic for authenticated requests; other methods get 501
 * @param trustedPeers       mutual-TLS peer identities (the edge's {@code Flow.peer_identity}) that skip digest
 */
public record AuthConfig(List<String> realms, DigestPolicy digest, Duration nonceTtl, NonceKeys nonceKeys,
                         boolean nonceKeysGenerated, Duration rebalanceSkew, int replayMaxUsers,
                         LockoutPolicy lockout, Map<String, String> routes, Set<String> trustedPeers,
                         String credentialsTopic) {
    /** Every key of this configuration starts with this prefix. */
    public static final String PREFIX = "auth.";
    public static final List<String> DEFAULT_REALMS = List.of("vouch.local");
    /**
     * MD5 only: the SIP clients in wide use answer only MD5 and many fail on any other challenge (sipsak, SIPp and
     * JsSIP read just the first; baresip 1.0 rejects the whole 401 when any challenge is not MD5; current baresip
     * when one is SHA-512-256). SHA-2 is one key away: {@code auth.algorithms=SHA-256,MD5}.
     */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("MD5");
    public static final Duration DEFAULT_NONCE_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REBALANCE_SKEW = Duration.ofSeconds(1);
    public static final int DEFAULT_REPLAY_MAX_USERS = 200_000;

    public AuthConfig {
        realms = List.copyOf(realms);
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(nonceTtl, "nonceTtl");
        Objects.requireNonNull(nonceKeys, "nonceKeys");
        Objects.requireNonNull(rebalanceSkew, "rebalanceSkew");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(credentialsTopic, "credentialsTopic");
        routes = Map.copyOf(routes);
        trustedPeers = Set.copyOf(trustedPeers);
        if (realms.isEmpty()) {
            throw new IllegalArgumentException("auth.realms must name at least one realm");
        }
        for (String r : realms) {
            if (!r.equals(r.toLowerCase(Locale.ROOT)) || r.isBlank() || r.contains("\"") || r.contains("/")) {
                throw new IllegalArgumentException("auth.realms: a realm must be lower-case without '\"' or '/': " + r);
            }
        }
    }

    /** Default next stage by method: REGISTER/OPTIONS → registrar, INVITE → media-keying (then identity), PUBLISH/SUBSCRIBE → cert,
     * MESSAGE/NOTIFY/INFO → body security (S/MIME checks), which forwards them to delivery. */
    public static Map<String, String> defaultRoutes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("REGISTER", Topics.REGISTRAR);
        m.put("OPTIONS", Topics.REGISTRAR);
        m.put("INVITE", Topics.MEDIA);
        m.put("PUBLISH", Topics.CERT);
        m.put("SUBSCRIBE", Topics.CERT);
        m.put("MESSAGE", Topics.BODY);
        m.put("NOTIFY", Topics.BODY);
        m.put("INFO", Topics.BODY);
        return m;
    }

    /** The realm a request whose target host is {@code host} is challenged in. */
    public String realmFor(String host) {
        if (host != null) {
            String h = host.toLowerCase(Locale.ROOT);
            if (realms.contains(h)) {
                return h;
            }
        }
        return realms.get(0);
    }

    /** The next stage topic for an authenticated request of {@code method}. */
    public Optional<String> routeFor(String method) {
        return Optional.ofNullable(routes.get(method));
    }

    /** Reads the configuration; every key is optional. */
    public static AuthConfig from(JsonObject json) {
        ConfigValues c = new ConfigValues(json, PREFIX);
        List<String> realms = c.list("realms", DEFAULT_REALMS).stream()
                .map(r -> r.toLowerCase(Locale.ROOT)).distinct().toList();

        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String token : c.list("algorithms", DEFAULT_ALGORITHMS)) {
            DigestAlgorithm a = DigestAlgorithm.fromToken(token).orElseThrow(() ->
                    new IllegalArgumentException(PREFIX + "algorithms: unknown algorithm " + token));
            algorithms.add(a);
        }
        Set<Qop> qops = EnumSet.noneOf(Qop.class);
        for (String token : c.list("qop", List.of("auth", "auth-int"))) {
            qops.add(Qop.fromToken(token).orElseThrow(() ->
                    new IllegalArgumentException(PREFIX + "qop: unknown " + token)));
        }
        boolean acceptSess = c.bool("algorithms.accept.sess", true);
        boolean rfc2069 = c.bool("rfc2069.enabled", false);
        boolean userhash = c.bool("userhash.enabled", false);
        DigestPolicy digest;
        try {
            digest = new DigestPolicy(algorithms, acceptSess, qops, rfc2069, userhash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "algorithms/qop: " + e.getMessage());
        }

        Duration ttl = Duration.ofMillis(c.number("nonce.ttl.ms", DEFAULT_NONCE_TTL.toMillis(), 1_000, 86_400_000));
        List<String> keySpecs = c.list("nonce.keys", List.of());
        if (keySpecs.size() > 2) {
            throw new IllegalArgumentException(PREFIX + "nonce.keys: at most two keys (current, previous)");
        }
        NonceKeys keys;
        boolean generated = keySpecs.isEmpty();
        try {
            if (generated) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                keys = NonceKeys.of(new NonceKey(0, secret));
            } else {
                NonceKey current = NonceKey.parse(keySpecs.get(0));
                keys = keySpecs.size() == 2 ? NonceKeys.of(NonceKey.parse(keySpecs.get(1))).rotate(current)
                        : NonceKeys.of(current);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "nonce.keys: " + e.getMessage());
        }

        LockoutPolicy lockout;
        LockoutPolicy d = LockoutPolicy.defaults();
        lockout = new LockoutPolicy(
                (int) c.number("lockout.source.threshold", d.sourceThreshold(), 0, 1_000_000),
                (int) c.number("lockout.user.threshold", d.userThreshold(), 0, 1_000_000),
                Duration.ofMillis(c.number("lockout.window.ms", d.window().toMillis(), 1_000, 86_400_000)),
                Duration.ofMillis(c.number("lockout.cooloff.ms", d.cooloff().toMillis(), 1_000, 86_400_000)),
                (int) c.number("lockout.max.tracked", d.maxTracked(), 1, 10_000_000),
                (int) c.number("lockout.trusted.sources", d.trustedSourcesPerUser(), 0, 64));

        Map<String, String> routes = defaultRoutes();
        c.withPrefix("route.").forEach((method, topic) -> {
            String m = method.toUpperCase(Locale.ROOT);
            if (topic.isEmpty() || topic.equals("none")) {
                routes.remove(m);
            } else {
                routes.put(m, topic);
            }
        });

        return new AuthConfig(realms, digest, ttl, keys, generated,
                Duration.ofMillis(c.number("nonce.rebalance.skew.ms", DEFAULT_REBALANCE_SKEW.toMillis(), 0, 60_000)),
                (int) c.number("replay.max.users", DEFAULT_REPLAY_MAX_USERS, 1, 50_000_000), lockout, routes,
                Set.copyOf(c.list("trusted.peers", List.of())), c.string("credentials.topic", Topics.CREDENTIALS));
    }
}
