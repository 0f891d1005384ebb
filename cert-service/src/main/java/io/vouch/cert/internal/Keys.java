package io.vouch.cert.internal;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** Typed reads of flat {@code cert.*} keys; a bad value fails naming its key. */
public final class Keys {
    private final JsonObject json;

    public Keys(JsonObject json) {
        this.json = json == null ? new JsonObject() : json;
    }

    public long longValue(String key, long def) {
        Object v = json.getValue(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: " + v);
        }
    }

    public double doubleValue(String key, double def) {
        Object v = json.getValue(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number: " + v);
        }
    }

    public boolean bool(String key, boolean def) {
        Object v = json.getValue(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false: " + v);
        };
    }

    public String string(String key, String def) {
        Object v = json.getValue(key);
        return v == null ? def : v.toString().trim();
    }

    /** Throws IllegalArgumentException naming {@code key} unless {@code min <= v <= max}. */
    public static void range(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "]: " + v);
        }
    }
}
