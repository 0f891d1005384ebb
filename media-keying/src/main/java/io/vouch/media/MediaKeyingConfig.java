package io.vouch.media;

import io.vertx.core.json.JsonObject;
import io.vouch.media.srtp.SrtpSuite;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.config.Config;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.SharedKeys;
import io.vouch.runtime.config.Validator;
import io.vouch.sdp.FingerprintHash;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Media-key policy: the {@code media.*} keys declared in {@link #DEF}, read by {@link #from(JsonObject)}, which fails
 * naming the key on a bad value or an unknown key.
 *
 * @param insecureHop what to do with SDES keys that arrived over a hop without TLS (RFC 4568 §8.3)
 * @param requireSips treat a non-SIPS Request-URI like a hop without TLS
 * @param suites SDES crypto suites accepted (RFC 4568 §6.2, RFC 6188, RFC 7714)
 * @param allowUnprotected accept UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP and UNAUTHENTICATED_SRTP (RFC 4568 §6.3)
 * @param minFingerprintHash weakest {@code a=fingerprint} hash accepted (RFC 8122 §5)
 */
public record MediaKeyingConfig(InsecureHopAction insecureHop, boolean requireSips, Set<SrtpSuite> suites,
                                boolean allowUnprotected, FingerprintHash minFingerprintHash) {
    public static final String PREFIX = "media.";
    public static final String INSECURE_HOP = "media.sdes.insecure.hop";
    public static final String REQUIRE_SIPS = "media.sdes.require.sips";
    public static final String SUITES = "media.sdes.suites";
    public static final String ALLOW_UNPROTECTED = "media.sdes.unprotected.allowed";
    public static final String MIN_FINGERPRINT_HASH = "media.dtls.fingerprint.min.hash";
    /**
     * Read by the edge and the media stage, not by this record: the deployment keys sealing SDES/MIKEY key material
     * on the bus, {@code id:base64} of 32 octets, current first, optionally the previous one after a comma.
     */
    public static final String SEAL_KEYS = SharedKeys.MEDIA_SEAL_KEYS;

    public static final Set<SrtpSuite> DEFAULT_SUITES = Set.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
        SrtpSuite.AES_CM_128_HMAC_SHA1_32, SrtpSuite.AES_256_CM_HMAC_SHA1_80, SrtpSuite.AES_256_CM_HMAC_SHA1_32,
        SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AEAD_AES_256_GCM);
    private static final List<String> DEFAULT_SUITE_NAMES = List.of("AES_CM_128_HMAC_SHA1_80",
        "AES_CM_128_HMAC_SHA1_32", "AES_256_CM_HMAC_SHA1_80", "AES_256_CM_HMAC_SHA1_32", "AEAD_AES_128_GCM",
        "AEAD_AES_256_GCM");

    /** Every {@code media.*} key. */
    public static final ConfigDef DEF = ConfigDef.of("media", PREFIX, "Media keying stage")
            .define(INSECURE_HOP, Type.STRING, "refuse", Validator.oneOf("refuse", "strip", "allow"), Importance.HIGH,
                    "SDES over a hop without TLS: refuse (488 + Warning), strip (remove a=crypto, signal), allow")
            .define(REQUIRE_SIPS, Type.BOOLEAN, false, Importance.MEDIUM,
                    "also treat a non-SIPS Request-URI as insecure")
            .define(SUITES, Type.LIST, DEFAULT_SUITE_NAMES, Validator.eachOneOf(Arrays.stream(SrtpSuite.values())
                    .map(Enum::name).toList()), Importance.MEDIUM, "SDES suites accepted (SDES names)")
            .define(ALLOW_UNPROTECTED, Type.BOOLEAN, false, Importance.LOW,
                    "accept UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP (RFC 4568 §6.3)")
            .define(MIN_FINGERPRINT_HASH, Type.STRING, "sha-256", Validator.of("a hash function name of RFC 8122",
                    v -> FingerprintHash.byToken(v.toString()).isPresent()), Importance.MEDIUM,
                    "weakest a=fingerprint hash accepted (RFC 8122 §5)")
            .include(SharedKeys.MEDIA_SEAL)
            .include(SharedKeys.MEDIA_ROUTING)
            .overrides(StageConfig.DEF);

    /** What to do with SDES key material received over a hop without TLS. */
    public enum InsecureHopAction {
        /** Answer 488 Not Acceptable Here with a Warning saying why. */
        REFUSE,
        /** Remove every {@code a=crypto} line and signal that it happened. */
        STRIP,
        /** Let the keys through. */
        ALLOW
    }

    public MediaKeyingConfig {
        Objects.requireNonNull(insecureHop, "insecureHop");
        Objects.requireNonNull(minFingerprintHash, "minFingerprintHash");
        suites = Set.copyOf(suites);
        if (suites.isEmpty()) {
            throw new IllegalArgumentException(SUITES + " must name at least one suite");
        }
    }

    /** Refuse SDES over hops without TLS, the six default suites, no unprotected parameters, SHA-256 or better. */
    public static MediaKeyingConfig defaults() {
        return new MediaKeyingConfig(InsecureHopAction.REFUSE, false, DEFAULT_SUITES, false, FingerprintHash.SHA_256);
    }

    /** Reads the {@code media.*} keys (nested or flat); absent keys keep their defaults. */
    public static MediaKeyingConfig from(JsonObject json) {
        return of(DEF.parse(json));
    }

    /** Reads flat {@code media.*} keys; absent keys keep their defaults. */
    public static MediaKeyingConfig from(Map<String, ?> flat) {
        return of(DEF.parse(flat));
    }

    private static MediaKeyingConfig of(Config c) {
        Set<SrtpSuite> suites = new LinkedHashSet<>();
        for (String name : c.getList(SUITES)) {
            suites.add(SrtpSuite.bySdesName(name).orElseThrow(
                () -> new IllegalArgumentException(SUITES + ": unknown crypto suite " + name)));
        }
        return new MediaKeyingConfig(InsecureHopAction.valueOf(c.getString(INSECURE_HOP).toUpperCase(Locale.ROOT)),
            c.getBoolean(REQUIRE_SIPS), suites, c.getBoolean(ALLOW_UNPROTECTED),
            FingerprintHash.byToken(c.getString(MIN_FINGERPRINT_HASH)).orElseThrow());
    }
}
