package io.vouch.cert.internal;

import java.util.List;
import java.util.Locale;

/**
 * Whether a SUBSCRIBE's {@code Accept} elements (RFC 3261 §20.1, RFC 6665 §4.1.2) admit the body type of an event
 * package's NOTIFYs: no Accept header means the package default (accepted); {@code type/subtype}, {@code type/*} and
 * {@code *}{@code /*} ranges match unless their {@code q} is 0. Malformed elements match nothing.
 */
public final class AcceptHeader {
    private AcceptHeader() {
    }

    /** True when {@code elements} (the Accept values, list-split) admit {@code mediaType}. */
    public static boolean admits(List<String> elements, String mediaType) {
        if (elements.isEmpty()) {
            return true;
        }
        String wanted = mediaType.toLowerCase(Locale.ROOT);
        int slash = wanted.indexOf('/');
        String wantedType = wanted.substring(0, slash);
        for (String element : elements) {
            String[] parts = element.split(";");
            String range = parts[0].trim().toLowerCase(Locale.ROOT);
            if (zeroQuality(parts)) {
                continue;
            }
            if (range.equals("*/*") || range.equals(wanted) || range.equals(wantedType + "/*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean zeroQuality(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim()) <= 0;
                } catch (NumberFormatException malformed) {
                    return true;
                }
            }
        }
        return false;
    }
}
