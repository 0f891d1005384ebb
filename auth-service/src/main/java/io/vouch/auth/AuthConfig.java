package io.vouch.auth;

import io.vouch.auth.internal.digest.DigestAlgorithm;
import io.vouch.auth.internal.digest.DigestPolicy;
import io.vouch.auth.internal.digest.Qop;
import io.vouch.auth.internal.lockout.LockoutPolicy;
import io.vouch.auth.internal.nonce.NonceKey;
import io.vouch.auth.internal.nonce.NonceKeys;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.SharedKeys;
import io.vouch.runtime.config.Validator;
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
 * Configuration of the digest authentication stage (RFC 3261 §22, RFC 7616, RFC 8760): the {@code auth.*} keys declared
 * in {@link #DEF} (the challenge keys the edge reads too come from {@link SharedKeys#AUTH_CHALLENGE}), read by
 * {@link #from(JsonObject)}, which fails naming the key on a bad value.
 *
 * @param realms             realms served, lower-case; a request is challenged in the realm equal to its target host
 *                           (To host for REGISTER, Request-URI host otherwise), else in the first
 * @param nonceKeysGenerated true when no {@code nonce.keys} were configured and a random key was made up, which is
 *                           only correct for a single replica
 * @param routes             method → next stage topic for authenticated requests; other methods get 501
 * @param trustedPeers       mutual-TLS peer identities (the edge's {@code Flow.peer_identity}) that skip digest
 * @param skipMediaWhenUnkeyed {@code media.skip.unkeyed}: an authenticated INVITE routed to the media stage whose body
 *                           carries no media keying goes straight to signing instead
 */
public record AuthConfig(List<String> realms, DigestPolicy digest, Duration nonceTtl, NonceKeys nonceKeys,
                         boolean nonceKeysGenerated, Duration rebalanceSkew, int replayMaxUsers,
                         LockoutPolicy lockout, Map<String, String> routes, Set<String> trustedPeers,
                         String credentialsTopic, boolean skipMediaWhenUnkeyed) {
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

    /** Every {@code auth.*} key. */
    public static final ConfigDef DEF = define();

    private static ConfigDef define() {
        LockoutPolicy d = LockoutPolicy.defaults();
        return ConfigDef.of("auth", PREFIX, "Digest authentication stage")
                .include(SharedKeys.AUTH_CHALLENGE)
                .define("auth.algorithms.accept.sess", Type.BOOLEAN, true, Importance.LOW,
                        "accept the -sess variants of the offered algorithms")
                .define("auth.rfc2069.enabled", Type.BOOLEAN, false, Importance.LOW,
                        "accept RFC 2069 responses without qop")
                .define("auth.nonce.ttl.ms", Type.LONG, DEFAULT_NONCE_TTL.toMillis(),
                        Validator.between(1_000, 86_400_000), Importance.MEDIUM, "nonce lifetime; older is stale")
                .define("auth.nonce.rebalance.skew.ms", Type.LONG, DEFAULT_REBALANCE_SKEW.toMillis(),
                        Validator.between(0, 60_000), Importance.LOW, "nonces issued up to this long before a "
                                + "partition moved to this replica are answered stale=true")
                .define("auth.replay.max.users", Type.INT, DEFAULT_REPLAY_MAX_USERS,
                        Validator.between(1, 50_000_000), Importance.LOW, "users whose nonce counters are kept")
                .define("auth.lockout.source.threshold", Type.INT, d.sourceThreshold(),
                        Validator.between(0, 1_000_000), Importance.MEDIUM,
                        "failed attempts per source within the window before it is locked out (0 = off)")
                .define("auth.lockout.user.threshold", Type.INT, d.userThreshold(), Validator.between(0, 1_000_000),
                        Importance.MEDIUM, "failed attempts per user within the window (0 = off)")
                .define("auth.lockout.window.ms", Type.LONG, d.window().toMillis(),
                        Validator.between(1_000, 86_400_000), Importance.LOW, "window the failures are counted in")
                .define("auth.lockout.cooloff.ms", Type.LONG, d.cooloff().toMillis(),
                        Validator.between(1_000, 86_400_000), Importance.LOW, "how long a lockout lasts")
                .define("auth.lockout.max.tracked", Type.INT, d.maxTracked(), Validator.between(1, 10_000_000),
                        Importance.LOW, "sources and users tracked at once")
                .define("auth.lockout.trusted.sources", Type.INT, d.trustedSourcesPerUser(),
                        Validator.between(0, 64), Importance.LOW,
                        "sources per user that authenticated recently and are not locked out with the user")
                .define("auth.credentials.topic", Type.STRING, Topics.CREDENTIALS, Importance.LOW,
                        "compacted topic of the credentials")
                .overrides(StageConfig.DEF);
    }

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
        Config c = DEF.parse(json);
        List<String> realms = c.getList(SharedKeys.AUTH_REALMS).stream()
                .map(r -> r.toLowerCase(Locale.ROOT)).distinct().toList();

        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String token : c.getList(SharedKeys.AUTH_ALGORITHMS)) {
            DigestAlgorithm a = DigestAlgorithm.fromToken(token).orElseThrow(() ->
                    new IllegalArgumentException(PREFIX + "algorithms: unknown algorithm " + token));
            algorithms.add(a);
        }
        Set<Qop> qops = EnumSet.noneOf(Qop.class);
        for (String token : c.getList(SharedKeys.AUTH_QOP)) {
            qops.add(Qop.fromToken(token).orElseThrow(() ->
                    new IllegalArgumentException(PREFIX + "qop: unknown " + token)));
        }
        DigestPolicy digest;
        try {
            digest = new DigestPolicy(algorithms, c.getBoolean("auth.algorithms.accept.sess"), qops,
                    c.getBoolean("auth.rfc2069.enabled"), c.getBoolean(SharedKeys.AUTH_USERHASH));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "algorithms/qop: " + e.getMessage());
        }

        List<String> keySpecs = c.getList(SharedKeys.AUTH_NONCE_KEYS);
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

        LockoutPolicy lockout = new LockoutPolicy(
                c.getInt("auth.lockout.source.threshold"),
                c.getInt("auth.lockout.user.threshold"),
                Duration.ofMillis(c.getLong("auth.lockout.window.ms")),
                Duration.ofMillis(c.getLong("auth.lockout.cooloff.ms")),
                c.getInt("auth.lockout.max.tracked"),
                c.getInt("auth.lockout.trusted.sources"));

        Map<String, String> routes = defaultRoutes();
        c.family(SharedKeys.AUTH_ROUTE).forEach((method, topic) -> {
            String m = method.toUpperCase(Locale.ROOT);
            if (topic.isEmpty() || topic.equals("none")) {
                routes.remove(m);
            } else {
                routes.put(m, topic);
            }
        });

        return new AuthConfig(realms, digest, Duration.ofMillis(c.getLong("auth.nonce.ttl.ms")), keys, generated, Duration.ofMillis(c.getLong("auth.nonce.rebalance.skew.ms")),
                c.getInt("auth.replay.max.users"), lockout, routes,
                Set.copyOf(c.getList(SharedKeys.AUTH_TRUSTED_PEERS)), c.getString("auth.credentials.topic"),
                SharedKeys.MEDIA_ROUTING.parse(json).getBoolean(SharedKeys.MEDIA_SKIP_UNKEYED));
    }
}
