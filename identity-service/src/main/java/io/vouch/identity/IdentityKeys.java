package io.vouch.identity;

import io.vouch.proto.Topics;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;
import java.util.List;
import java.util.Map;

/** The identity service's configuration keys ({@code identity.*}), each declared once; read by {@link IdentityConfig}. */
public final class IdentityKeys {
    private IdentityKeys() {
    }

    static final Validator PROVIDER = Validator.oneOf("auto", "sunec", "sun_ec", "bc", "bouncycastle", "accp",
            "amazoncorrettocryptoprovider");

    /** Every {@code identity.*} key; the old names (without {@code identity.}) are aliases for one release. */
    public static final ConfigDef DEF = aliases(ConfigDef.of("identity", "identity.", "Identity service (STIR/SHAKEN)")
            .define("identity.tn.country.code", Type.STRING, "1", Importance.MEDIUM, "E.164 country code of national numbers")
            .define("identity.tn.national.prefix", Type.STRING, "1", Importance.LOW, "national trunk prefix")
            .define("identity.tn.national.length", Type.INT, 10, Validator.between(4, 14), Importance.LOW,
                    "digits of a national number")
            .define("identity.tn.international.prefix", Type.STRING, "011", Importance.LOW, "international dial prefix")
            .define("identity.sign.keys", Type.JSON, null, Validator.of("a JSON array of key objects",
                    v -> v instanceof io.vertx.core.json.JsonArray), Importance.HIGH,
                    "signing keys: objects with id, key.file, key.password, cert.file, x5u, customers, tn.ranges "
                            + "(`vouch run`: a development STI PKI when unset)")
            .define("identity.sign.key.reload.interval.ms", Type.INT, 5000, Validator.between(100, 3_600_000),
                    Importance.LOW, "how often key files are checked for changes")
            .define("identity.sign.user.customers", Type.MAP, Map.of(), Importance.MEDIUM,
                    "authenticated user (user@realm) = customer, for attestation")
            .define("identity.sign.peer.customers", Type.MAP, Map.of(), Importance.MEDIUM,
                    "trusted peer name = customer, for attestation")
            .define("identity.trusted.sources", Type.LIST, List.of(), Importance.MEDIUM,
                    "peers (source:<ip> names from the edge's edge.trusted.sources) whose INVITEs are signed")
            .define("identity.sign.rcd", Type.JSON, null, Validator.of("a JSON object of objects",
                    v -> v instanceof io.vertx.core.json.JsonObject), Importance.LOW,
                    "customer = RFC 9795 rcd claims object")
            .define("identity.sign.mky", Type.BOOLEAN, true, Importance.LOW,
                    "sign the media stage's DTLS fingerprints as the mky claim (RFC 8225 §5.2.2)")
            .define("identity.crypto.sign.provider", Type.STRING, "auto", PROVIDER, Importance.LOW,
                    "signing provider (auto, SunEC, BC, ACCP)")
            .define("identity.crypto.verify.provider", Type.STRING, "auto", PROVIDER, Importance.LOW,
                    "verification provider (auto, SunEC, BC, ACCP)")
            .define("identity.crypto.threads", Type.INT, null, Validator.between(1, 256), Importance.LOW,
                    "signing and verification threads (default: the number of cores)")
            .define("identity.fetch.threads", Type.INT, 4, Validator.between(1, 64), Importance.LOW,
                    "certificate fetch threads")
            .define("identity.verify.freshness.s", Type.INT, 60, Validator.between(1, 86_400), Importance.MEDIUM,
                    "iat older than this is 403 Stale Date (RFC 8224 §6.2.1)")
            .define("identity.verify.require.identity", Type.BOOLEAN, false, Importance.MEDIUM,
                    "an INVITE without Identity is 428")
            .define("identity.verify.accepted.spcs", Type.LIST, List.of(), Importance.LOW,
                    "SPCs whose certificates are accepted (empty: any)")
            .define("identity.verify.max.identity.headers", Type.INT, 5, Validator.between(1, 20), Importance.LOW,
                    "Identity headers examined per request")
            .define("identity.verify.replay.entries", Type.INT, 100_000, Validator.between(1, 10_000_000),
                    Importance.LOW, "PASSporTs remembered against replay")
            .define("identity.verify.failure.mode", Type.STRING, "reject", Validator.oneOf("reject", "annotate"),
                    Importance.MEDIUM, "reject: the RFC 8224 error; annotate: 302 with verstat=TN-Validation-Failed")
            .define("identity.verify.trust.anchors.file", Type.STRING, null, Importance.HIGH,
                    "PEM STI-CA roots (`vouch run`: the development root when unset)")
            .define("identity.verify.crl.files", Type.LIST, List.of(), Importance.LOW, "PEM/DER CRLs")
            .define("identity.fetch.connect.timeout.ms", Type.INT, 2000, Validator.between(1, 60_000),
                    Importance.LOW, "certificate fetch connect timeout")
            .define("identity.fetch.read.timeout.ms", Type.INT, 3000, Validator.between(1, 60_000), Importance.LOW,
                    "certificate fetch read timeout (bounds the whole response)")
            .define("identity.fetch.max.bytes", Type.INT, 16 * 1024, Validator.between(256, 1 << 20),
                    Importance.LOW, "largest certificate response")
            .define("identity.fetch.allow.hosts", Type.LIST, List.of(), Importance.MEDIUM,
                    "when non-empty only these hosts (.suffix matches subdomains)")
            .define("identity.fetch.deny.hosts", Type.LIST, List.of(), Importance.LOW, "hosts never fetched from")
            .define("identity.fetch.allow.cidrs", Type.LIST, List.of(), Importance.LOW,
                    "address blocks allowed even if not public")
            .define("identity.fetch.deny.cidrs", Type.LIST, List.of(), Importance.LOW, "address blocks refused")
            .define("identity.fetch.allow.loopback", Type.BOOLEAN, false, Importance.LOW,
                    "fetch from loopback (tests and single-host setups)")
            .define("identity.fetch.tls.trust.file", Type.STRING, null, Importance.LOW,
                    "PEM CAs for the HTTPS fetch besides the JDK's")
            .define("identity.cache.max.entries", Type.INT, 10_000, Validator.between(1, 10_000_000), Importance.LOW,
                    "certificates cached")
            .define("identity.cache.default.ttl.s", Type.INT, 86_400, Validator.between(0, 604_800), Importance.LOW,
                    "lifetime when the response sends no caching headers")
            .define("identity.cache.max.ttl.s", Type.INT, 86_400, Validator.between(0, 2_592_000), Importance.LOW,
                    "cap on any lifetime the server asks for")
            .define("identity.cache.negative.ttl.s", Type.INT, 30, Validator.between(0, 86_400), Importance.LOW,
                    "how long a failed URL is not retried")
            .define("identity.cache.unreachable.ttl.s", Type.INT, 5, Validator.between(0, 86_400), Importance.LOW,
                    "the same when no HTTP response came at all")
            .define("identity.cache.min.ttl.s", Type.INT, 86_400, Validator.between(0, 2_592_000), Importance.LOW,
                    "a validated certificate is kept at least this long (ATIS-1000074)")
            .define("identity.tn.assignments.topic", Type.STRING, Topics.TN_ASSIGNMENTS, Importance.LOW,
                    "compacted topic of TN assignments")
            .define("identity.rfc4474.enabled", Type.BOOLEAN, false, Importance.LOW, "legacy RFC 4474 mode")
            .define("identity.rfc4474.key.file", Type.STRING, null, Importance.LOW, "RSA PEM key for RFC 4474 signing")
            .define("identity.rfc4474.key.password", Type.STRING, null, Importance.LOW, "password of that key")
            .define("identity.rfc4474.info.url", Type.STRING, null, Validator.httpsUrl(), Importance.LOW,
                    "Identity-Info URL of the RFC 4474 certificate")
            .overrides(StageConfig.DEF));

    /** One entry of {@code identity.sign.keys}. */
    public static final ConfigDef SIGN_KEY = ConfigDef.of("identity.sign.keys", "identity.sign.keys[].",
                    "Identity signing key entries (objects in identity.sign.keys)")
            .define("identity.sign.keys[].id", Type.STRING, null, Importance.HIGH, "key id (required)")
            .define("identity.sign.keys[].key.file", Type.STRING, null, Importance.HIGH,
                    "PEM private key (required)")
            .define("identity.sign.keys[].key.password", Type.STRING, null, Importance.LOW, "its password")
            .define("identity.sign.keys[].cert.file", Type.STRING, null, Importance.MEDIUM, "PEM certificate chain")
            .define("identity.sign.keys[].x5u", Type.STRING, null, Importance.HIGH,
                    "https URL of the certificate (required; checked when read)")
            .define("identity.sign.keys[].customers", Type.LIST, List.of(), Importance.MEDIUM,
                    "customers this key signs for")
            .define("identity.sign.keys[].tn.ranges", Type.LIST, List.of(), Importance.MEDIUM,
                    "TN prefixes this key signs for");

    private static ConfigDef aliases(ConfigDef def) {
        for (ConfigDef.Key k : List.copyOf(def.keys())) {
            if (!k.name().equals("identity.trusted.sources")) {
                def.alias(k.name().substring("identity.".length()), k.name());
            }
        }
        return def.alias("sign.trusted.sources", "identity.trusted.sources")
                .alias("identity.sign.trusted.sources", "identity.trusted.sources");
    }
}
