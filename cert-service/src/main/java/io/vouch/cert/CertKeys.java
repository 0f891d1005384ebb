package io.vouch.cert;

import io.vouch.runtime.StageConfig;
import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDef.Importance;
import io.vouch.runtime.config.ConfigDef.Type;
import io.vouch.runtime.config.Validator;

/** The certificate service's configuration keys ({@code cert.*}), each declared once. */
public final class CertKeys {
    private CertKeys() {
    }

    private static final Validator EXPIRES = Validator.between(1, 0xFFFF_FFFFL);

    /** Every {@code cert.*} key: the stage ({@link CertConfig}), the repository ({@link RepositoryConfig}) and the
     * NOTIFY signer the launcher sets up. */
    public static final ConfigDef DEF = ConfigDef.of("cert", "cert.", "Certificate service")
            .define("cert.subscribe.default.expires.s", Type.LONG, 86_400L, EXPIRES, Importance.MEDIUM,
                    "subscription duration when SUBSCRIBE has no Expires (RFC 6072 §6.3)")
            .define("cert.subscribe.min.expires.s", Type.LONG, 60L, EXPIRES, Importance.LOW,
                    "shorter non-zero requests get 423 + Min-Expires")
            .define("cert.subscribe.max.expires.s", Type.LONG, 86_400L, EXPIRES, Importance.LOW,
                    "longer requests are shortened")
            .define("cert.publish.default.expires.s", Type.LONG, 3600L, EXPIRES, Importance.MEDIUM,
                    "publication lifetime when PUBLISH has no Expires")
            .define("cert.publish.min.expires.s", Type.LONG, 60L, EXPIRES, Importance.LOW,
                    "shorter non-zero requests get 423")
            .define("cert.publish.max.expires.s", Type.LONG, 2_592_000L, EXPIRES, Importance.LOW,
                    "longer requests are shortened")
            .define("cert.subscribe.rate.per.source.per.s", Type.DOUBLE, 5.0, Validator.of("above 0",
                    v -> (Double) v > 0), Importance.MEDIUM, "initial SUBSCRIBEs per source and replica")
            .define("cert.subscribe.rate.per.source.burst", Type.INT, 20, Validator.between(1, 1_000_000),
                    Importance.LOW, "burst of the same bucket")
            .define("cert.rate.limit.max.sources", Type.INT, 100_000, Validator.between(1, 50_000_000),
                    Importance.LOW, "sources tracked by the limiter (oldest forgotten)")
            .define("cert.max.subscriptions.per.aor", Type.INT, 1000, Validator.between(1, 1_000_000),
                    Importance.LOW, "more get 403")
            .define("cert.max.body.bytes", Type.INT, 16_384, Validator.between(256, 1 << 20), Importance.LOW,
                    "larger PUBLISH bodies get 413")
            .define("cert.key.rsa.min.bits", Type.INT, 2048, Validator.between(1024, 16384), Importance.MEDIUM,
                    "RSA key floor of a user certificate")
            .define("cert.key.ec.min.bits", Type.INT, 256, Validator.between(160, 571), Importance.MEDIUM,
                    "EC key floor (field size)")
            .define("cert.credential.require.tls", Type.BOOLEAN, true, Importance.MEDIUM,
                    "the credential package only over TLS (or a sips: Request-URI)")
            .define("cert.credential.min.pbkdf2.iterations", Type.INT, 2048, Validator.between(1, 100_000_000),
                    Importance.LOW, "PBES2 iteration floor of a published private key")
            .define("cert.sweep.interval.ms", Type.LONG, 10_000L, Validator.between(1, 86_400_000), Importance.LOW,
                    "how often expired subscriptions (final NOTIFY) and publications are removed")
            .define("cert.owner.match.realm", Type.BOOLEAN, true, Importance.LOW,
                    "the authenticated realm must equal the AOR's domain")
            .define("cert.repository.enabled", Type.BOOLEAN, true, Importance.MEDIUM,
                    "serve the HTTPS certificate repository from this process")
            .define("cert.repository.https.host", Type.STRING, "127.0.0.1", Importance.MEDIUM, "listen address")
            .define("cert.repository.https.port", Type.INT, 8443, Validator.between(0, 65535), Importance.MEDIUM,
                    "listen port (0: any free port)")
            .define("cert.repository.tls.cert.file", Type.STRING, null, Importance.HIGH,
                    "PEM certificate chain of the HTTPS server (`vouch run`: the development TLS certificate)")
            .define("cert.repository.tls.key.file", Type.STRING, null, Importance.HIGH,
                    "PEM (PKCS#8) private key of the HTTPS server")
            .define("cert.repository.max.age.s", Type.LONG, 86_400L, Validator.between(86_400, 31_536_000),
                    Importance.LOW, "Cache-Control max-age of served chains (ATIS-1000074)")
            .define("cert.repository.grace.s", Type.LONG, 86_400L, Validator.between(0, 31_536_000),
                    Importance.LOW, "how long after the leaf's notAfter a chain is still served")
            .define("cert.repository.base.url", Type.STRING, null, Validator.httpsUrl(), Importance.MEDIUM,
                    "public https URL prefix used in Identity-Info (default https://<host>:<port>)")
            .define("cert.notify.sign", Type.BOOLEAN, true, Importance.MEDIUM, "sign NOTIFYs (RFC 4474)")
            .define("cert.domain.key.file", Type.STRING, null, Importance.HIGH,
                    "PEM private key that signs NOTIFYs (`vouch run`: a development domain key)")
            .define("cert.domain.cert.file", Type.STRING, null, Importance.HIGH, "its certificate")
            .define("cert.domain.cert.url", Type.STRING, null, Validator.httpsUrl(), Importance.MEDIUM,
                    "Identity-Info URL of that certificate (default: published to the repository)")
            .overrides(StageConfig.DEF);
}
