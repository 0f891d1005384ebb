package io.vouch.cert;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;

/**
 * Configuration of the certificate service (RFC 6072 event packages {@code certificate} and {@code credential}, RFC
 * 3903 publication and RFC 6665 subscription limits, key floors): the stage's {@code cert.*} keys declared in
 * {@link CertKeys}.
 */
public record CertConfig(long subscribeDefaultExpires, long subscribeMinExpires, long subscribeMaxExpires,
                         long publishDefaultExpires, long publishMinExpires, long publishMaxExpires,
                         double subscribeRatePerSecond, int subscribeBurst, int rateLimitMaxSources,
                         int maxSubscriptionsPerAor, int maxBodyBytes, int rsaMinBits, int ecMinBits,
                         boolean credentialRequireTls, int minPbkdf2Iterations, boolean ownerMatchRealm,
                         long sweepIntervalMs) {

    public CertConfig {
        range("cert.subscribe.max.expires.s", subscribeMaxExpires, subscribeMinExpires, 0xFFFF_FFFFL);
        range("cert.subscribe.default.expires.s", subscribeDefaultExpires, subscribeMinExpires, subscribeMaxExpires);
        range("cert.publish.max.expires.s", publishMaxExpires, publishMinExpires, 0xFFFF_FFFFL);
        range("cert.publish.default.expires.s", publishDefaultExpires, publishMinExpires, publishMaxExpires);
    }

    /** Throws IllegalArgumentException naming {@code key} unless {@code min <= v <= max}. */
    static void range(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "]: " + v);
        }
    }

    /** Every key at its default. */
    public static CertConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the {@code cert.*} keys of {@code json}; a bad value throws IllegalArgumentException naming its key. */
    public static CertConfig from(JsonObject json) {
        Config k = CertKeys.DEF.parse(json);
        return new CertConfig(
                k.getLong("cert.subscribe.default.expires.s"),
                k.getLong("cert.subscribe.min.expires.s"),
                k.getLong("cert.subscribe.max.expires.s"),
                k.getLong("cert.publish.default.expires.s"),
                k.getLong("cert.publish.min.expires.s"),
                k.getLong("cert.publish.max.expires.s"),
                k.getDouble("cert.subscribe.rate.per.source.per.s"),
                k.getInt("cert.subscribe.rate.per.source.burst"),
                k.getInt("cert.rate.limit.max.sources"),
                k.getInt("cert.max.subscriptions.per.aor"),
                k.getInt("cert.max.body.bytes"),
                k.getInt("cert.key.rsa.min.bits"),
                k.getInt("cert.key.ec.min.bits"),
                k.getBoolean("cert.credential.require.tls"),
                k.getInt("cert.credential.min.pbkdf2.iterations"),
                k.getBoolean("cert.owner.match.realm"),
                k.getLong("cert.sweep.interval.ms"));
    }
}
