package io.vouch.runtime.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed reads of flat dotted configuration keys (nested JSON objects are flattened first); a bad value fails with an
 * {@link IllegalArgumentException} naming the key.
 */
public final class ConfigReader {
    private final Map<String, Object> values = new TreeMap<>();

    public ConfigReader(JsonObject json) {
        flatten("", json == null ? new JsonObject() : json);
    }

    private void flatten(String prefix, JsonObject json) {
        for (Map.Entry<String, Object> e : json) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                v = new JsonObject(castMap(m));
            }
            if (v instanceof JsonObject nested) {
                flatten(prefix + e.getKey() + ".", nested);
            } else if (v != null) {
                values.put(prefix + e.getKey(), v);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String string(String key, String def) {
        Object v = values.get(key);
        return v == null ? def : v.toString().trim();
    }

    public String requiredString(String key) {
        String s = string(key, null);
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return s;
    }

    public int integer(String key, int def, int min, int max) {
        long v = longValue(key, def, min, max);
        return (int) v;
    }

    public long longValue(String key, long def, long min, long max) {
        Object raw = values.get(key);
        if (raw == null) {
            return def;
        }
        long v;
        try {
            v = raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: " + raw);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "]: " + v);
        }
        return v;
    }

    /** A duration from a {@code *.ms} key. */
    public Duration millis(String key, Duration def, long minMs, long maxMs) {
        return Duration.ofMillis(longValue(key, def.toMillis(), minMs, maxMs));
    }

    public boolean bool(String key, boolean def) {
        Object raw = values.get(key);
        if (raw == null) {
            return def;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false: " + raw);
        };
    }

    /** A list from a JSON array or a comma-separated string; empty entries are ignored. */
    public List<String> list(String key, List<String> def) {
        Object raw = values.get(key);
        if (raw == null) {
            return def;
        }
        List<String> out = new ArrayList<>();
        if (raw instanceof JsonArray arr) {
            arr.forEach(x -> addTrimmed(out, String.valueOf(x)));
        } else if (raw instanceof List<?> l) {
            l.forEach(x -> addTrimmed(out, String.valueOf(x)));
        } else {
            for (String s : raw.toString().split(",")) {
                addTrimmed(out, s);
            }
        }
        return List.copyOf(out);
    }

    private static void addTrimmed(List<String> out, String s) {
        String t = s.trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }
}
