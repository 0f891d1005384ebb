package io.vouch.identity;

import io.vouch.identity.internal.crypto.CryptoProvider;
import io.vouch.identity.internal.fetch.CertFetchConfig;
import io.vouch.identity.internal.passport.TnCanonicalizer;
import io.vouch.identity.internal.rfc4474.Rfc4474Config;
import io.vouch.identity.internal.sign.SigningKeySpec;
import io.vouch.identity.internal.verify.VerifierConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Addresses;
import io.vouch.runtime.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of the identity service (RFC 8224 authentication and verification service), read once from the
 * {@code identity.*} keys declared in {@link IdentityKeys}; a bad value fails at start naming its key.
 */
public record IdentityConfig(
        TnCanonicalizer tn,
        List<SigningKeySpec> keys,
        Duration keyReloadInterval,
        Map<String, String> userCustomers,
        Map<String, String> peerCustomers,
        Set<String> trustedSources,
        Map<String, Map<String, Object>> rcd,
        CryptoProvider signProvider,
        int cryptoThreads,
        int fetchThreads,
        VerifierConfig verifier,
        FailureMode failureMode,
        Optional<Path> trustAnchorsFile,
        List<Path> crlFiles,
        CertFetchConfig fetch,
        Optional<Path> fetchTrustFile,
        String tnAssignmentsTopic,
        Rfc4474Config rfc4474,
        boolean signMky) {

    /** What the verification service answers when an Identity header fails (RFC 8224 §6.2.2 vs. a verstat 302). */
    public enum FailureMode {
        /** Answer with the RFC 8224 error (403/428/436/437/438) and a Reason header. */
        REJECT,
        /** Redirect anyway, with {@code verstat=TN-Validation-Failed} or {@code No-TN-Validation}. */
        ANNOTATE
    }

    public IdentityConfig {
        Objects.requireNonNull(tn, "tn");
        keys = List.copyOf(keys);
        userCustomers = Map.copyOf(userCustomers);
        peerCustomers = Map.copyOf(peerCustomers);
        trustedSources = Set.copyOf(Addresses.canonical(trustedSources));
        rcd = Map.copyOf(rcd);
        crlFiles = List.copyOf(crlFiles);
        if (cryptoThreads < 1 || fetchThreads < 1) {
            throw new IllegalArgumentException("identity.crypto.threads and identity.fetch.threads must be positive");
        }
    }

    /** Reads every {@code identity.*} key from {@code json}; other components' keys are left to them. */
    public static IdentityConfig from(JsonObject json) {
        Config r = IdentityKeys.DEF.parse(json);
        TnCanonicalizer tn = new TnCanonicalizer(r.getString("identity.tn.country.code"),
                r.getString("identity.tn.national.prefix"), r.getInt("identity.tn.national.length"),
                r.getString("identity.tn.international.prefix"));
        List<SigningKeySpec> keys = new ArrayList<>();
        JsonArray arr = (JsonArray) r.getJson("identity.sign.keys").orElse(new JsonArray());
        for (int i = 0; i < arr.size(); i++) {
            keys.add(signingKey(arr.getValue(i), i));
        }
        Map<String, Map<String, Object>> rcd = new LinkedHashMap<>();
        JsonObject rcdJson = (JsonObject) r.getJson("identity.sign.rcd").orElse(new JsonObject());
        for (String customer : rcdJson.fieldNames()) {
            if (!(rcdJson.getValue(customer) instanceof JsonObject o)) {
                throw new IllegalArgumentException("identity.sign.rcd." + customer + " must be an object");
            }
            rcd.put(customer, o.getMap());
        }
        VerifierConfig verifier = new VerifierConfig(Duration.ofSeconds(r.getInt("identity.verify.freshness.s")),
                r.getBoolean("identity.verify.require.identity"),
                new LinkedHashSet<>(r.getList("identity.verify.accepted.spcs")),
                r.getInt("identity.verify.max.identity.headers"), r.getInt("identity.verify.replay.entries"),
                provider(r, "identity.crypto.verify.provider"));
        CertFetchConfig fetch = new CertFetchConfig(
                Duration.ofMillis(r.getInt("identity.fetch.connect.timeout.ms")),
                Duration.ofMillis(r.getInt("identity.fetch.read.timeout.ms")),
                r.getInt("identity.fetch.max.bytes"), r.getList("identity.fetch.allow.hosts"),
                r.getList("identity.fetch.deny.hosts"), r.getList("identity.fetch.allow.cidrs"),
                r.getList("identity.fetch.deny.cidrs"), r.getBoolean("identity.fetch.allow.loopback"),
                r.getInt("identity.cache.max.entries"),
                Duration.ofSeconds(r.getInt("identity.cache.default.ttl.s")),
                Duration.ofSeconds(r.getInt("identity.cache.max.ttl.s")),
                Duration.ofSeconds(r.getInt("identity.cache.negative.ttl.s")),
                Duration.ofSeconds(r.getInt("identity.cache.unreachable.ttl.s")),
                Duration.ofSeconds(r.getInt("identity.cache.min.ttl.s")));
        FailureMode failureMode = FailureMode.valueOf(r.getString("identity.verify.failure.mode")
                .toUpperCase(Locale.ROOT));
        return new IdentityConfig(tn, keys, Duration.ofMillis(r.getInt("identity.sign.key.reload.interval.ms")),
                r.getMap("identity.sign.user.customers"), r.getMap("identity.sign.peer.customers"),
                new LinkedHashSet<>(r.getList("identity.trusted.sources")), rcd,
                provider(r, "identity.crypto.sign.provider"),
                r.optionalInt("identity.crypto.threads").orElse(Runtime.getRuntime().availableProcessors()),
                r.getInt("identity.fetch.threads"), verifier, failureMode,
                r.optionalString("identity.verify.trust.anchors.file").map(Path::of),
                r.getList("identity.verify.crl.files").stream().map(Path::of).toList(), fetch,
                r.optionalString("identity.fetch.tls.trust.file").map(Path::of),
                r.getString("identity.tn.assignments.topic"), Rfc4474Config.from(r), r.getBoolean("identity.sign.mky"));
    }

    private static CryptoProvider provider(Config r, String key) {
        return CryptoProvider.parse(key, r.getString(key));
    }

    /** One {@code identity.sign.keys} entry, read with its declaration; errors name {@code sign.keys[i].<key>}. */
    private static SigningKeySpec signingKey(Object entry, int i) {
        String at = "identity.sign.keys[" + i + "]";
        if (!(entry instanceof JsonObject k)) {
            throw new IllegalArgumentException(at + " must be an object");
        }
        Config c;
        try {
            c = IdentityKeys.SIGN_KEY.parse(new JsonObject().put("identity.sign.keys[]", k));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("identity.sign.keys[]", at), e);
        }
        String p = "identity.sign.keys[].";
        SigningKeySpec spec = new SigningKeySpec(required(c, p + "id", at), Path.of(required(c, p + "key.file", at)),
                c.optionalString(p + "key.password"), c.optionalString(p + "cert.file").map(Path::of),
                required(c, p + "x5u", at), new LinkedHashSet<>(c.getList(p + "customers")),
                c.getList(p + "tn.ranges"));
        if (!spec.x5u().startsWith("https://")) {
            throw new IllegalArgumentException(at + ".x5u must be an https URL");
        }
        return spec;
    }

    private static String required(Config c, String key, String at) {
        return c.optionalString(key).filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                key.replace("identity.sign.keys[]", at) + " is required"));
    }
}
