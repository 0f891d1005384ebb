package io.vouch.identity;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The legacy RFC 4474 mode, off by default: sign with {@code rfc4474.key.file} (RSA, PEM) and point
 * {@code Identity-Info} at {@code rfc4474.info.url}; verify Identity + Identity-Info headers when enabled.
 */
public record Rfc4474Config(boolean enabled, Optional<Path> keyFile, Optional<String> keyPassword,
                            Optional<String> infoUrl) {
    public static Rfc4474Config disabled() {
        return new Rfc4474Config(false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Rfc4474Config from(JsonObject json) {
        IdentityConfig.Reader r = new IdentityConfig.Reader(json);
        boolean enabled = r.bool("rfc4474.enabled", false);
        Optional<Path> key = Optional.ofNullable(r.string("rfc4474.key.file", null)).map(Path::of);
        Optional<String> info = Optional.ofNullable(r.string("rfc4474.info.url", null));
        if (enabled && key.isPresent() != info.isPresent()) {
            throw new IllegalArgumentException("rfc4474.key.file and rfc4474.info.url go together");
        }
        if (info.isPresent() && !info.get().startsWith("https://")) {
            throw new IllegalArgumentException("rfc4474.info.url must be an https URL");
        }
        return new Rfc4474Config(enabled, key, Optional.ofNullable(r.string("rfc4474.key.password", null)), info);
    }

    /** Whether this replica signs with RFC 4474 instead of STIR PASSporTs. */
    public boolean signs() {
        return enabled && keyFile.isPresent();
    }
}
