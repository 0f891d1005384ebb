package io.vouch.runtime.config;

import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import java.util.List;

/**
 * Keys owned by one component and read by another that may not depend on it, declared here once: the digest
 * challenge keys (auth stage, and the edge when it challenges locally), the media seal keys (edge, auth, media) and
 * whether unkeyed INVITEs skip the media stage (edge, auth; owned by media).
 */
public final class SharedKeys {
    private SharedKeys() {
    }

    public static final String AUTH_REALMS = "auth.realms";
    public static final String AUTH_ALGORITHMS = "auth.algorithms";
    public static final String AUTH_QOP = "auth.qop";
    public static final String AUTH_NONCE_KEYS = "auth.nonce.keys";
    public static final String AUTH_USERHASH = "auth.userhash.enabled";
    public static final String AUTH_TRUSTED_PEERS = "auth.trusted.peers";
    public static final String AUTH_ROUTE = "auth.route.";
    public static final String MEDIA_SEAL_KEYS = "media.seal.keys";
    public static final String MEDIA_SKIP_UNKEYED = "media.skip.unkeyed";

    /** The auth keys that decide a digest challenge; included by the auth stage, read by the edge too. */
    public static final ConfigDef AUTH_CHALLENGE = ConfigDef.part("auth", "auth.")
            .define(AUTH_REALMS, Type.LIST, List.of("vouch.local"), Validator.nonEmptyList(), Importance.HIGH,
                    "realms served, lower-case; a request is challenged in the realm equal to its target host, else "
                            + "in the first")
            .define(AUTH_ALGORITHMS, Type.LIST, List.of("MD5"), Validator.nonEmptyList(), Importance.HIGH,
                    "digest algorithms offered, one challenge each, in this order (MD5, SHA-256, SHA-512-256); "
                            + "clients in wide use answer only MD5")
            .define(AUTH_QOP, Type.LIST, List.of("auth", "auth-int"), Validator.eachOneOf(List.of("auth",
                    "auth-int")), Importance.LOW, "qop values offered")
            .defineSecret(AUTH_NONCE_KEYS, Type.LIST, Validator.listSize(0, 2), Importance.HIGH,
                    "nonce HMAC keys id:base64 (current, then previous), shared by every auth replica and edge; "
                            + "unset: a random key (one replica only; `vouch run` keeps one in its data dir)")
            .define(AUTH_USERHASH, Type.BOOLEAN, false, Importance.LOW, "offer userhash (RFC 7616 §3.4.4)")
            .define(AUTH_TRUSTED_PEERS, Type.LIST, List.of(), Importance.MEDIUM,
                    "mutual-TLS peer names (the edge's edge.trusted.peers values) that skip digest")
            .family(AUTH_ROUTE, "auth.route.<METHOD>=<topic> sends authenticated requests of METHOD to that "
                    + "stage topic (none = answer 501)");

    /** The key sealing SDES/MIKEY key material on the bus; held by the edge, the media stage and auth. */
    public static final ConfigDef MEDIA_SEAL = ConfigDef.part("media", "media.")
            .defineSecret(MEDIA_SEAL_KEYS, Type.LIST, Validator.listSize(0, 2), Importance.HIGH,
                    "seal keys id:base64 of 32 octets, current first, then optionally the previous one; shared by "
                            + "edges, media and auth (`vouch run` keeps one in its data dir)");

    /** Whether routers (the edge for trusted peers, auth after digest) send unkeyed INVITEs past the media stage. */
    public static final ConfigDef MEDIA_ROUTING = ConfigDef.part("media", "media.")
            .define(MEDIA_SKIP_UNKEYED, Type.BOOLEAN, true, Importance.LOW,
                    "INVITEs whose body certainly carries no media keying (none, or a plain SDP without a=crypto, "
                            + "a=fingerprint, a=setup, a=tls-id, a=key-mgmt) go straight to signing, past the "
                            + "media-keying stage that has nothing to check in them (read by the edge and auth)");
}
