package io.vouch.auth.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed reads of flat dotted configuration keys (nested JSON objects are flattened first, so
 * {@code {"nonce":{"ttl":{"ms":1}}}} reads as {@code nonce.ttl.ms}); a bad value fails naming the key.
 */
public final class ConfigValues {
    private final Map<String, Object> values = new TreeMap<>();
    private final String prefix;

    /** Reads the keys under {@code prefix} (e.g. {@code "auth."}); lookups and error messages use full keys. */
    public ConfigValues(JsonObject json, String prefix) {
        this.prefix = prefix;
        flatten("", json == null ? new JsonObject() : json);
    }

    private void flatten(String prefix, JsonObject json) {
        for (Map.Entry<String, Object> e : json) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cast = (Map<String, Object>) m;
                v = new JsonObject(cast);
            }
            if (v instanceof JsonObject nested) {
                flatten(prefix + e.getKey() + ".", nested);
            } else if (v != null) {
                values.put(prefix + e.getKey(), v);
            }
        }
    }

    /** Keys starting with {@code sub} (after the reader's prefix), with both removed, mapped to their string values. */
    public Map<String, String> withPrefix(String sub) {
        String full = prefix + sub;
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(full) && k.length() > full.length()) {
                out.put(k.substring(full.length()), v.toString().trim());
            }
        });
        return out;
    }

    public long number(String key, long def, long min, long max) {
        Object raw = values.get(prefix + key);
        if (raw == null) {
            return def;
        }
        long v;
        try {
            v = raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + " must be an integer: " + raw);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(prefix + key + " must be in [" + min + ", " + max + "]: " + v);
        }
        return v;
    }

    public boolean bool(String key, boolean def) {
        Object raw = values.get(prefix + key);
        if (raw == null) {
            return def;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(prefix + key + " must be true or false: " + raw);
        };
    }

    public String string(String key, String def) {
        Object raw = values.get(prefix + key);
        return raw == null ? def : raw.toString().trim();
    }

    /** A list from a JSON array or a comma-separated string; empty entries ignored. */
    public List<String> list(String key, List<String> def) {
        Object raw = values.get(prefix + key);
        if (raw == null) {
            return def;
        }
        List<String> out = new ArrayList<>();
        if (raw instanceof JsonArray arr) {
            arr.forEach(x -> add(out, String.valueOf(x)));
        } else if (raw instanceof List<?> l) {
            l.forEach(x -> add(out, String.valueOf(x)));
        } else {
            for (String s : raw.toString().split(",")) {
                add(out, s);
            }
        }
        return List.copyOf(out);
    }

    private static void add(List<String> out, String s) {
        String t = s.trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
