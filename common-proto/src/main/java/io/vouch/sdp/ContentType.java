package io.vouch.sdp;

import io.vouch.sdp.internal.SdpSyntax;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Content-Type value {@code type/subtype *(;param=value)} (RFC 3261 §20.15, RFC 2045 §5.1): type, subtype and
 * parameter names lower-cased, quoted parameter values unquoted.
 */
public record ContentType(String type, String subtype, Map<String, String> parameters) {
    public ContentType {
        parameters = Map.copyOf(parameters);
    }

    /** Parses a Content-Type value; empty when it does not follow the grammar. */
    public static Optional<ContentType> parse(String value) {
        String[] parts = splitParams(value);
        if (parts == null) {
            return Optional.empty();
        }
        String mt = parts[0].strip();
        int slash = mt.indexOf('/');
        if (slash <= 0 || !SdpSyntax.isToken(mt.substring(0, slash)) || !SdpSyntax.isToken(mt.substring(slash + 1))) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String v = p.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
            } else if (!SdpSyntax.isToken(v)) {
                return Optional.empty();
            }
            if (!SdpSyntax.isToken(name) || params.putIfAbsent(name, v) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(new ContentType(mt.substring(0, slash).toLowerCase(Locale.ROOT),
            mt.substring(slash + 1).toLowerCase(Locale.ROOT), params));
    }

    /** Splits on semicolons outside quoted strings; null on an unterminated quote. */
    private static String[] splitParams(String value) {
        java.util.List<String> out = new java.util.ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                out.add(value.substring(start, i));
                start = i + 1;
            }
        }
        if (quoted) {
            return null;
        }
        out.add(value.substring(start));
        return out.toArray(String[]::new);
    }

    public boolean is(String typeName, String subtypeName) {
        return type.equalsIgnoreCase(typeName) && subtype.equalsIgnoreCase(subtypeName);
    }

    public boolean isMultipart() {
        return type.equals("multipart");
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }
}
