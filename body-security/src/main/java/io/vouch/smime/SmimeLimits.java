package io.vouch.smime;

/**
 * Bounds on untrusted S/MIME input (RFC 8551 §3, RFC 3261 §23): the largest body read, how deep signed and enveloped
 * layers may nest, and the most parts a multipart body may have.
 */
public record SmimeLimits(int maxBodyBytes, int maxDepth, int maxParts) {
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 4;
    public static final int DEFAULT_MAX_PARTS = 8;

    public SmimeLimits {
        if (maxBodyBytes < 1 || maxDepth < 1 || maxParts < 2) {
            throw new IllegalArgumentException("limits: maxBodyBytes >= 1, maxDepth >= 1, maxParts >= 2");
        }
    }

    public static SmimeLimits defaults() {
        return new SmimeLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_PARTS);
    }
}
