package io.vouch.identity.internal.rfc4474;

import io.vouch.runtime.config.Config;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The legacy RFC 4474 mode, off by default: sign with {@code identity.rfc4474.key.file} (RSA, PEM) and point
 * {@code Identity-Info} at {@code identity.rfc4474.info.url}; verify Identity + Identity-Info headers when enabled.
 */
public record Rfc4474Config(boolean enabled, Optional<Path> keyFile, Optional<String> keyPassword,
                            Optional<String> infoUrl) {
    public static Rfc4474Config disabled() {
        return new Rfc4474Config(false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Rfc4474Config from(Config r) {
        boolean enabled = r.getBoolean("identity.rfc4474.enabled");
        Optional<Path> key = r.optionalString("identity.rfc4474.key.file").map(Path::of);
        Optional<String> info = r.optionalString("identity.rfc4474.info.url");
        if (enabled && key.isPresent() != info.isPresent()) {
            throw new IllegalArgumentException("identity.rfc4474.key.file and identity.rfc4474.info.url go together");
        }
        return new Rfc4474Config(enabled, key, r.optionalString("identity.rfc4474.key.password"), info);
    }

    /** Whether this replica signs with RFC 4474 instead of STIR PASSporTs. */
    public boolean signs() {
        return enabled && keyFile.isPresent();
    }
}
