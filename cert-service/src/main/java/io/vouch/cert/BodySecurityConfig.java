package io.vouch.cert;

import io.vertx.core.json.JsonObject;
import io.vouch.cert.internal.Keys;
import java.util.Locale;

/**
 * Configuration of the body-security stage (S/MIME bodies of MESSAGE, NOTIFY and INFO, RFC 3261 §23, RFC 8591).
 *
 * <table>
 *   <caption>Keys read by {@link #from(JsonObject)}</caption>
 *   <tr><td>{@code cert.body.policy}</td><td>{@code annotate}: record the check on the event and deliver;
 *       {@code require-signed}: answer 403 with a Warning to a body that is not signed by the sender or does not
 *       verify (encrypted bodies and requests without a body pass), default annotate</td></tr>
 *   <tr><td>{@code cert.body.max.bytes}</td><td>larger signed bodies are invalid, default 262144</td></tr>
 *   <tr><td>{@code cert.body.max.depth}</td><td>nesting of protected layers looked into, default 4</td></tr>
 *   <tr><td>{@code cert.body.date.skew.s}</td><td>how far the Date of a signed {@code message/sip} or
 *       {@code message/sipfrag} may be from now (RFC 3893 §6), default 600</td></tr>
 * </table>
 */
public record BodySecurityConfig(Policy policy, int maxBodyBytes, int maxDepth, long dateSkewSeconds) {

    /** What the stage does with a body that is not verified as the sender's. */
    public enum Policy {
        ANNOTATE, REQUIRE_SIGNED;

        static Policy parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "annotate" -> ANNOTATE;
                case "require-signed" -> REQUIRE_SIGNED;
                default -> throw new IllegalArgumentException(
                        "cert.body.policy must be annotate or require-signed: " + s);
            };
        }
    }

    public BodySecurityConfig {
        java.util.Objects.requireNonNull(policy, "policy");
        Keys.range("cert.body.max.bytes", maxBodyBytes, 1024, 16 << 20);
        Keys.range("cert.body.max.depth", maxDepth, 1, 16);
        Keys.range("cert.body.date.skew.s", dateSkewSeconds, 1, 86_400);
    }

    public static BodySecurityConfig defaults() {
        return from(new JsonObject());
    }

    /** Reads the {@code cert.body.*} keys; a bad value throws IllegalArgumentException naming its key. */
    public static BodySecurityConfig from(JsonObject json) {
        Keys k = new Keys(json);
        return new BodySecurityConfig(Policy.parse(k.string("cert.body.policy", "annotate")),
                (int) k.longValue("cert.body.max.bytes", 262_144),
                (int) k.longValue("cert.body.max.depth", 4),
                k.longValue("cert.body.date.skew.s", 600));
    }
}
