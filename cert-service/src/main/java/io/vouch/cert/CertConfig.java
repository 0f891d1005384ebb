package io.vouch.cert;

import io.vertx.core.json.JsonObject;
import io.vouch.cert.internal.Keys;

/**
 * Configuration of the certificate service (RFC 6072 event packages {@code certificate} and {@code credential}, RFC
 * 3903 publication and RFC 6665 subscription limits, key floors, the HTTPS certificate repository).
 *
 * <table>
 *   <caption>Keys read by {@link #from(JsonObject)}</caption>
 *   <tr><td>{@code cert.subscribe.default.expires.s}</td><td>subscription duration when SUBSCRIBE has no Expires
 *       (RFC 6072 §6.3: one day), default 86400</td></tr>
 *   <tr><td>{@code cert.subscribe.min.expires.s}</td><td>shorter non-zero requests get 423 with Min-Expires,
 *       default 60</td></tr>
 *   <tr><td>{@code cert.subscribe.max.expires.s}</td><td>longer requests are shortened to this, default
 *       86400</td></tr>
 *   <tr><td>{@code cert.publish.default.expires.s}</td><td>publication lifetime when PUBLISH has no Expires,
 *       default 3600</td></tr>
 *   <tr><td>{@code cert.publish.min.expires.s}</td><td>shorter non-zero requests get 423, default 60</td></tr>
 *   <tr><td>{@code cert.publish.max.expires.s}</td><td>longer requests are shortened to this, default
 *       2592000 (30 days)</td></tr>
 *   <tr><td>{@code cert.subscribe.rate.per.source.per.s}</td><td>sustained initial SUBSCRIBEs per source address
 *       and replica, default 5</td></tr>
 *   <tr><td>{@code cert.subscribe.rate.per.source.burst}</td><td>burst of the same bucket, default 20</td></tr>
 *   <tr><td>{@code cert.rate.limit.max.sources}</td><td>sources tracked by the limiter (oldest forgotten), default
 *       100000</td></tr>
 *   <tr><td>{@code cert.max.subscriptions.per.aor}</td><td>more get 403, default 1000</td></tr>
 *   <tr><td>{@code cert.max.body.bytes}</td><td>larger PUBLISH bodies get 413, default 16384</td></tr>
 *   <tr><td>{@code cert.key.rsa.min.bits}</td><td>RSA key floor of a user certificate, default 2048</td></tr>
 *   <tr><td>{@code cert.key.ec.min.bits}</td><td>EC key floor (field size), default 256</td></tr>
 *   <tr><td>{@code cert.credential.require.tls}</td><td>the {@code credential} package only over TLS (or a
 *       {@code sips:} Request-URI), default true</td></tr>
 *   <tr><td>{@code cert.credential.min.pbkdf2.iterations}</td><td>PBES2 iteration floor of a published private key,
 *       default 2048</td></tr>
 *   <tr><td>{@code cert.sweep.interval.ms}</td><td>how often expired subscriptions (final NOTIFY) and
 *       publications are removed, default 10000</td></tr>
 *   <tr><td>{@code cert.owner.match.realm}</td><td>the authenticated realm must equal the AOR's domain (not only the
 *       user part), default true</td></tr>
 * </table>
 */
public record CertConfig(long subscribeDefaultExpires, long subscribeMinExpires, long subscribeMaxExpires,
                         long publishDefaultExpires, long publishMinExpires, long publishMaxExpires,
                         double subscribeRatePerSecond, int subscribeBurst, int rateLimitMaxSources,
                         int maxSubscriptionsPerAor, int maxBodyBytes, int rsaMinBits, int ecMinBits,
                         boolean credentialRequireTls, int minPbkdf2Iterations, boolean ownerMatchRealm,
                         long sweepIntervalMs) {

    public CertConfig {
        Keys.range("cert.subscribe.min.expires.s", subscribeMinExpires, 1, 0xFFFF_FFFFL);
        Keys.range("cert.subscribe.max.expires.s", subscribeMaxExpires, subscribeMinExpires, 0xFFFF_FFFFL);
        Keys.range("cert.subscribe.default.expires.s", subscribeDefaultExpires, subscribeMinExpires,
                subscribeMaxExpires);
        Keys.range("cert.publish.min.expires.s", publishMinExpires, 1, 0xFFFF_FFFFL);
        Keys.range("cert.publish.max.expires.s", publishMaxExpires, publishMinExpires, 0xFFFF_FFFFL);
        Keys.range("cert.publish.default.expires.s", publishDefaultExpires, publishMinExpires, publishMaxExpires);
        if (!(subscribeRatePerSecond > 0)) {
            throw new IllegalArgumentException("cert.subscribe.rate.per.source.per.s must be > 0: "
                    + subscribeRatePerSecond);
        }
        Keys.range("cert.subscribe.rate.per.source.burst", subscribeBurst, 1, 1_000_000);
        Keys.range("cert.rate.limit.max.sources", rateLimitMaxSources, 1, 50_000_000);
        Keys.range("cert.max.subscriptions.per.aor", maxSubscriptionsPerAor, 1, 1_000_000);
        Keys.range("cert.max.body.bytes", maxBodyBytes, 256, 1 << 20);
        Keys.range("cert.key.rsa.min.bits", rsaMinBits, 1024, 16384);
        Keys.range("cert.key.ec.min.bits", ecMinBits, 160, 571);
        Keys.range("cert.credential.min.pbkdf2.iterations", minPbkdf2Iterations, 1, 100_000_000);
        Keys.range("cert.sweep.interval.ms", sweepIntervalMs, 1, 86_400_000);
    }

    /** Every key at its default. */
    public static CertConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the {@code cert.*} keys of {@code json}; a bad value throws IllegalArgumentException naming its key. */
    public static CertConfig from(JsonObject json) {
        Keys k = new Keys(json);
        return new CertConfig(
                k.longValue("cert.subscribe.default.expires.s", 86_400),
                k.longValue("cert.subscribe.min.expires.s", 60),
                k.longValue("cert.subscribe.max.expires.s", 86_400),
                k.longValue("cert.publish.default.expires.s", 3600),
                k.longValue("cert.publish.min.expires.s", 60),
                k.longValue("cert.publish.max.expires.s", 2_592_000),
                k.doubleValue("cert.subscribe.rate.per.source.per.s", 5),
                (int) k.longValue("cert.subscribe.rate.per.source.burst", 20),
                (int) k.longValue("cert.rate.limit.max.sources", 100_000),
                (int) k.longValue("cert.max.subscriptions.per.aor", 1000),
                (int) k.longValue("cert.max.body.bytes", 16_384),
                (int) k.longValue("cert.key.rsa.min.bits", 2048),
                (int) k.longValue("cert.key.ec.min.bits", 256),
                k.bool("cert.credential.require.tls", true),
                (int) k.longValue("cert.credential.min.pbkdf2.iterations", 2048),
                k.bool("cert.owner.match.realm", true),
                k.longValue("cert.sweep.interval.ms", 10_000));
    }
}
