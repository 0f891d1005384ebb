package io.vouch.standalone;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the embedded mode makes once and keeps in its data directory, so that a restart does not invalidate what
 * clients hold (digest nonces). A distributed deployment sets them explicitly and shares them between replicas.
 */
final class DevSecrets {
    private DevSecrets() {
    }

    /** Sets {@code auth.nonce.keys} from {@code dataDir/auth-nonce.key} (created on first use) unless configured. */
    static void applyNonceKey(JsonObject config, Path dataDir) throws IOException {
        applyKey(config, dataDir, "auth.nonce.keys", "auth-nonce.key");
    }

    /**
     * Sets {@code media.seal.keys} (shared by the edge, which seals SDES/MIKEY key material, and the media stage,
     * which opens it) from {@code dataDir/media-seal.key} (created on first use) unless configured.
     */
    static void applySealKey(JsonObject config, Path dataDir) throws IOException {
        applyKey(config, dataDir, "media.seal.keys", "media-seal.key");
    }

    private static void applyKey(JsonObject config, Path dataDir, String key, String fileName) throws IOException {
        if (config.containsKey(key)) {
            return;
        }
        Path file = dataDir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(dataDir);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.writeString(file, "1:" + Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        config.put(key, Files.readString(file, StandardCharsets.US_ASCII).trim());
    }
}
