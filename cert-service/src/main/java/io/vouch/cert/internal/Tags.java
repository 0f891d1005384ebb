package io.vouch.cert.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic identifiers (entity-tags, dialog tags, branches): hex of the first bytes of a SHA-256 over the parts,
 * so a request handled twice (redelivery) yields the same value and different inputs different ones.
 */
final class Tags {
    private Tags() {
    }

    /** {@code bytes} bytes of SHA-256 over the NUL-separated {@code parts}, as lower-case hex. */
    static String of(int bytes, String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : parts) {
                md.update(s.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
