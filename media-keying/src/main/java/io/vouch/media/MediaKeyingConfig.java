package io.vouch.media;

import io.vouch.sdp.FingerprintHash;
import io.vouch.media.srtp.SrtpSuite;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Media-key policy: the {@code media.*} keys, listed with their defaults in media-keying/README.md and read by
 * {@link #from(Map)}, which fails naming the key on a bad value or an unknown key.
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
    public static final String SEAL_KEYS = "media.seal.keys";

    public static final Set<SrtpSuite> DEFAULT_SUITES = Set.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
        SrtpSuite.AES_CM_128_HMAC_SHA1_32, SrtpSuite.AES_256_CM_HMAC_SHA1_80, SrtpSuite.AES_256_CM_HMAC_SHA1_32,
        SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AEAD_AES_256_GCM);

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

    /** Reads the flat {@code media.*} keys; absent keys keep their defaults. */
    public static MediaKeyingConfig from(Map<String, ?> flat) {
        MediaKeyingConfig d = defaults();
        for (String key : flat.keySet()) {
            if (key.startsWith(PREFIX) && !List.of(INSECURE_HOP, REQUIRE_SIPS, SUITES, ALLOW_UNPROTECTED,
                MIN_FINGERPRINT_HASH, SEAL_KEYS).contains(key)) {
                throw new IllegalArgumentException("unknown configuration key " + key);
            }
        }
        InsecureHopAction action = d.insecureHop();
        if (flat.containsKey(INSECURE_HOP)) {
            String v = String.valueOf(flat.get(INSECURE_HOP)).toUpperCase(Locale.ROOT);
            try {
                action = InsecureHopAction.valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(INSECURE_HOP + " must be refuse, strip or allow: " + v);
            }
        }
        Set<SrtpSuite> suites = d.suites();
        if (flat.containsKey(SUITES)) {
            Set<SrtpSuite> s = new LinkedHashSet<>();
            for (String name : String.valueOf(flat.get(SUITES)).split(",")) {
                s.add(SrtpSuite.bySdesName(name.strip()).orElseThrow(
                    () -> new IllegalArgumentException(SUITES + ": unknown crypto suite " + name.strip())));
            }
            suites = s;
        }
        FingerprintHash min = d.minFingerprintHash();
        if (flat.containsKey(MIN_FINGERPRINT_HASH)) {
            String v = String.valueOf(flat.get(MIN_FINGERPRINT_HASH));
            min = FingerprintHash.byToken(v).orElseThrow(
                () -> new IllegalArgumentException(MIN_FINGERPRINT_HASH + ": unknown hash function " + v));
        }
        return new MediaKeyingConfig(action, bool(flat, REQUIRE_SIPS, d.requireSips()), suites,
            bool(flat, ALLOW_UNPROTECTED, d.allowUnprotected()), min);
    }

    private static boolean bool(Map<String, ?> flat, String key, boolean dflt) {
        Object v = flat.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (String.valueOf(v)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false: " + v);
        };
    }
}
