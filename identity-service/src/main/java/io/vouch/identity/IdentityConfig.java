package io.vouch.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
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
 * Configuration of the identity service (RFC 8224 authentication and verification service), read once from JSON
 * with lower-case dotted keys that carry their unit; a bad value fails at start naming its key. Keys and defaults
 * are listed in the module README.
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
        trustedSources = Set.copyOf(trustedSources);
        rcd = Map.copyOf(rcd);
        crlFiles = List.copyOf(crlFiles);
        if (cryptoThreads < 1 || fetchThreads < 1) {
            throw new IllegalArgumentException("crypto.threads and fetch.threads must be positive");
        }
    }

    /** Reads every {@code identity} key from {@code json}; unknown keys are ignored (other components own them). */
    public static IdentityConfig from(JsonObject json) {
        Reader r = new Reader(json);
        TnCanonicalizer tn = new TnCanonicalizer(r.string("tn.country.code", "1"), r.string("tn.national.prefix", "1"),
                r.integer("tn.national.length", 10, 4, 14), r.string("tn.international.prefix", "011"));
        List<SigningKeySpec> keys = new ArrayList<>();
        JsonArray arr = r.array("sign.keys");
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.getValue(i) instanceof JsonObject k)) {
                throw new IllegalArgumentException("sign.keys[" + i + "] must be an object");
            }
            Reader kr = new Reader(k, "sign.keys[" + i + "].");
            keys.add(new SigningKeySpec(kr.required("id"), Path.of(kr.required("key.file")),
                    Optional.ofNullable(kr.string("key.password", null)),
                    Optional.ofNullable(kr.string("cert.file", null)).map(Path::of), kr.required("x5u"),
                    new LinkedHashSet<>(kr.strings("customers")), kr.strings("tn.ranges")));
            if (!keys.getLast().x5u().startsWith("https://")) {
                throw new IllegalArgumentException("sign.keys[" + i + "].x5u must be an https URL");
            }
        }
        Map<String, Map<String, Object>> rcd = new LinkedHashMap<>();
        JsonObject rcdJson = r.object("sign.rcd");
        for (String customer : rcdJson.fieldNames()) {
            if (!(rcdJson.getValue(customer) instanceof JsonObject o)) {
                throw new IllegalArgumentException("sign.rcd." + customer + " must be an object");
            }
            rcd.put(customer, o.getMap());
        }
        VerifierConfig verifier = new VerifierConfig(Duration.ofSeconds(r.integer("verify.freshness.s", 60, 1, 86_400)),
                r.bool("verify.require.identity", false), new LinkedHashSet<>(r.strings("verify.accepted.spcs")),
                r.integer("verify.max.identity.headers", 5, 1, 20), r.integer("verify.replay.entries", 100_000, 1,
                10_000_000), CryptoProvider.parse("crypto.verify.provider", r.string("crypto.verify.provider", "auto")));
        CertFetchConfig fetch = new CertFetchConfig(
                Duration.ofMillis(r.integer("fetch.connect.timeout.ms", 2000, 1, 60_000)),
                Duration.ofMillis(r.integer("fetch.read.timeout.ms", 3000, 1, 60_000)),
                r.integer("fetch.max.bytes", 16 * 1024, 256, 1 << 20), r.strings("fetch.allow.hosts"),
                r.strings("fetch.deny.hosts"), r.strings("fetch.allow.cidrs"), r.strings("fetch.deny.cidrs"),
                r.bool("fetch.allow.loopback", false), r.integer("cache.max.entries", 10_000, 1, 10_000_000),
                Duration.ofSeconds(r.integer("cache.default.ttl.s", 86_400, 0, 604_800)),
                Duration.ofSeconds(r.integer("cache.max.ttl.s", 86_400, 0, 2_592_000)),
                Duration.ofSeconds(r.integer("cache.negative.ttl.s", 30, 0, 86_400)),
                Duration.ofSeconds(r.integer("cache.unreachable.ttl.s", 5, 0, 86_400)),
                Duration.ofSeconds(r.integer("cache.min.ttl.s", 86_400, 0, 2_592_000)));
        String mode = r.string("verify.failure.mode", "reject").toUpperCase(Locale.ROOT);
        FailureMode failureMode;
        try {
            failureMode = FailureMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verify.failure.mode must be reject or annotate: " + mode, e);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new IdentityConfig(tn, keys, Duration.ofMillis(r.integer("sign.key.reload.interval.ms", 5000, 100,
                3_600_000)), r.stringMap("sign.user.customers"), r.stringMap("sign.peer.customers"),
                new LinkedHashSet<>(r.strings("sign.trusted.sources")), rcd,
                CryptoProvider.parse("crypto.sign.provider", r.string("crypto.sign.provider", "auto")),
                r.integer("crypto.threads", cores, 1, 256), r.integer("fetch.threads", 4, 1, 64), verifier,
                failureMode, Optional.ofNullable(r.string("verify.trust.anchors.file", null)).map(Path::of),
                r.strings("verify.crl.files").stream().map(Path::of).toList(), fetch,
                Optional.ofNullable(r.string("fetch.tls.trust.file", null)).map(Path::of),
                r.string("tn.assignments.topic", Topics.TN_ASSIGNMENTS), Rfc4474Config.from(json),
                r.bool("sign.mky", true));
    }

    /** Typed reads that name the key in every error. */
    static final class Reader {
        private final JsonObject json;
        private final String prefix;

        Reader(JsonObject json) {
            this(json, "");
        }

        Reader(JsonObject json, String prefix) {
            this.json = json;
            this.prefix = prefix;
        }

        String required(String key) {
            String v = string(key, null);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(prefix + key + " is required");
            }
            return v;
        }

        String string(String key, String def) {
            Object v = json.getValue(key);
            if (v == null) {
                return def;
            }
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                return v.toString();
            }
            throw new IllegalArgumentException(prefix + key + " must be a string");
        }

        int integer(String key, int def, int min, int max) {
            Object v = json.getValue(key);
            long n;
            if (v == null) {
                return def;
            } else if (v instanceof Number num) {
                n = num.longValue();
            } else {
                try {
                    n = Long.parseLong(v.toString().strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(prefix + key + " must be an integer: " + v, e);
                }
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(prefix + key + " must be in [" + min + ", " + max + "]: " + n);
            }
            return (int) n;
        }

        boolean bool(String key, boolean def) {
            Object v = json.getValue(key);
            if (v == null) {
                return def;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            String s = v.toString().strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new IllegalArgumentException(prefix + key + " must be true or false: " + v);
        }

        JsonArray array(String key) {
            Object v = json.getValue(key);
            if (v == null) {
                return new JsonArray();
            }
            if (v instanceof JsonArray a) {
                return a;
            }
            throw new IllegalArgumentException(prefix + key + " must be an array");
        }

        JsonObject object(String key) {
            Object v = json.getValue(key);
            if (v == null) {
                return new JsonObject();
            }
            if (v instanceof JsonObject o) {
                return o;
            }
            throw new IllegalArgumentException(prefix + key + " must be an object");
        }

        /** A list from a JSON array or a comma-separated string. */
        List<String> strings(String key) {
            Object v = json.getValue(key);
            List<String> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            if (v instanceof JsonArray a) {
                for (Object o : a) {
                    out.add(String.valueOf(o).strip());
                }
            } else if (v instanceof String s) {
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            } else {
                throw new IllegalArgumentException(prefix + key + " must be a list");
            }
            return out;
        }

        Map<String, String> stringMap(String key) {
            JsonObject o = object(key);
            Map<String, String> out = new LinkedHashMap<>();
            for (String k : o.fieldNames()) {
                out.put(k, String.valueOf(o.getValue(k)));
            }
            return out;
        }
    }
}
