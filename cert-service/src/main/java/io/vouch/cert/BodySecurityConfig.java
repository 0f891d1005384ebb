package io.vouch.cert;

import io.vertx.core.json.JsonObject;
import io.vouch.runtime.config.Config;
import java.util.Objects;

/**
 * Configuration of the body-security stage (S/MIME bodies of MESSAGE, NOTIFY and INFO, RFC 3261 §23, RFC 8591): the
 * {@code cert.body.*} keys declared in {@link CertKeys} ({@code policy}, {@code max.bytes}, {@code max.depth},
 * {@code date.skew.s}).
 */
public record BodySecurityConfig(Policy policy, int maxBodyBytes, int maxDepth, long dateSkewSeconds) {

    /** What the stage does with a body that is not verified as the sender's. */
    public enum Policy {
        ANNOTATE, REQUIRE_SIGNED
    }

    public BodySecurityConfig {
        Objects.requireNonNull(policy, "policy");
    }

    public static BodySecurityConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the {@code cert.body.*} keys; a bad value throws IllegalArgumentException naming its key. */
    public static BodySecurityConfig from(JsonObject json) {
        Config k = CertKeys.DEF.parse(json);
        return new BodySecurityConfig(
                k.getString("cert.body.policy").equals("require-signed") ? Policy.REQUIRE_SIGNED : Policy.ANNOTATE,
                k.getInt("cert.body.max.bytes"), k.getInt("cert.body.max.depth"), k.getLong("cert.body.date.skew.s"));
    }
}
