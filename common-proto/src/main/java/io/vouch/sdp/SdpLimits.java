package io.vouch.sdp;

/**
 * Size limits for decoding an untrusted session description. RFC 8866 sets none; these bound memory and time
 * per message well above what SIP offers carry (a few KiB, a handful of media).
 *
 * @param maxBytes largest description decoded at all
 * @param maxLines most lines
 * @param maxLineBytes longest line, type and {@code =} included
 * @param maxMedia most media descriptions
 */
public record SdpLimits(int maxBytes, int maxLines, int maxLineBytes, int maxMedia) {
    public static final int DEFAULT_MAX_BYTES = 65_536;
    public static final int DEFAULT_MAX_LINES = 1_024;
    public static final int DEFAULT_MAX_LINE_BYTES = 4_096;
    public static final int DEFAULT_MAX_MEDIA = 64;

    private static final SdpLimits DEFAULTS =
        new SdpLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_MEDIA);

    public SdpLimits {
        if (maxBytes <= 0 || maxLines <= 0 || maxLineBytes <= 0 || maxMedia <= 0) {
            throw new IllegalArgumentException("SDP limits must be > 0");
        }
    }

    /** 64 KiB, 1024 lines, 4 KiB lines, 64 media descriptions. */
    public static SdpLimits defaults() {
        return DEFAULTS;
    }
}
