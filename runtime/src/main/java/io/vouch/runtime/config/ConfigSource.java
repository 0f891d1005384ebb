package io.vouch.runtime.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one configuration reader: flattens nested JSON into dotted keys ({@code {"edge":{"max.in.flight":5}}} is
 * {@code edge.max.in.flight=5}) and reads a raw value — a JSON value, a {@code --set} string or a config-file entry —
 * as its declared type. Values of {@link ConfigDef.Type#MAP} and {@link ConfigDef.Type#JSON} keys are kept whole.
 */
public final class ConfigSource {
    private ConfigSource() {
    }

    /** Flat dotted keys (as written, old names included) of {@code json}; null values are left out. */
    public static Map<String, Object> flatten(JsonObject json, ConfigModel model) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", json == null ? new JsonObject() : json, model, out);
        return out;
    }

    private static void flatten(String prefix, JsonObject json, ConfigModel model, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : json) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                v = new JsonObject(castMap(m));
            }
            if (v instanceof JsonObject nested && !keptWhole(model, key)) {
                flatten(key + ".", nested, model, out);
            } else if (v != null) {
                out.put(key, v);
            }
        }
    }

    private static boolean keptWhole(ConfigModel model, String key) {
        return model.find(model.canonical(key))
                .map(k -> k.type() == ConfigDef.Type.MAP || k.type() == ConfigDef.Type.JSON).orElse(false);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** {@code raw} as {@code key}'s type, checked against its rule; throws {@link ConfigException} naming both. */
    public static Object parse(ConfigDef.Key key, Object raw) {
        return parse(key.name(), key, raw);
    }

    /** As {@link #parse(ConfigDef.Key, Object)}, reporting {@code name} (an override of {@code key}). */
    static Object parse(String name, ConfigDef.Key key, Object raw) {
        Object value = typed(name, key.type(), raw);
        Optional<String> bad = key.validator().check(value);
        if (bad.isPresent()) {
            throw ConfigException.invalid(name, key.secret() ? "[redacted]" : raw, bad.get());
        }
        return value;
    }

    private static Object typed(String name, ConfigDef.Type type, Object raw) {
        return switch (type) {
            case BOOLEAN -> bool(name, raw);
            case INT -> {
                long v = integer(name, raw, "a 32-bit integer");
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw ConfigException.invalid(name, raw, "must be a 32-bit integer");
                }
                yield (int) v;
            }
            case LONG -> integer(name, raw, "an integer");
            case DOUBLE -> decimal(name, raw);
            case STRING -> scalar(name, raw).trim();
            case LIST -> list(name, raw);
            case MAP -> map(name, raw);
            case JSON -> json(name, raw);
        };
    }

    private static String scalar(String name, Object raw) {
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
            return raw.toString();
        }
        throw ConfigException.invalid(name, raw, "must be a single value, not a list or object");
    }

    private static boolean bool(String name, Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (scalar(name, raw).trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ConfigException.invalid(name, raw, "must be true or false");
        };
    }

    private static long integer(String name, Object raw, String what) {
        try {
            if (raw instanceof Number n) {
                return new BigDecimal(n.toString()).longValueExact();
            }
            return Long.parseLong(scalar(name, raw).trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw ConfigException.invalid(name, raw, "must be " + what);
        }
    }

    private static double decimal(String name, Object raw) {
        try {
            double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(scalar(name, raw).trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(name, raw, "must be a number");
        }
    }

    private static List<String> list(String name, Object raw) {
        List<String> out = new ArrayList<>();
        if (raw instanceof JsonArray a) {
            a.forEach(x -> addTrimmed(name, out, x));
        } else if (raw instanceof List<?> l) {
            l.forEach(x -> addTrimmed(name, out, x));
        } else {
            for (String s : scalar(name, raw).split(",")) {
                addTrimmed(name, out, s);
            }
        }
        return List.copyOf(out);
    }

    private static void addTrimmed(String name, List<String> out, Object x) {
        if (x instanceof JsonObject || x instanceof JsonArray || x instanceof Map<?, ?> || x instanceof List<?>) {
            throw ConfigException.invalid(name, x, "list entries must be single values");
        }
        String t = String.valueOf(x).trim();
        if (x != null && !t.isEmpty()) {
            out.add(t);
        }
    }

    private static Map<String, String> map(String name, Object raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof JsonObject o) {
            o.forEach(e -> out.put(e.getKey(), scalar(name + "." + e.getKey(), e.getValue()).trim()));
        } else if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), scalar(name + "." + k, v).trim()));
        } else {
            for (String pair : scalar(name, raw).split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw ConfigException.invalid(name, raw, "must be name=value pairs separated by commas");
                }
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return Map.copyOf(out);
    }

    private static Object json(String name, Object raw) {
        if (raw instanceof JsonObject || raw instanceof JsonArray) {
            return raw;
        }
        if (raw instanceof List<?> l) {
            return new JsonArray(new ArrayList<>(l));
        }
        String s = scalar(name, raw).trim();
        try {
            return s.startsWith("[") ? new JsonArray(s) : new JsonObject(s);
        } catch (DecodeException e) {
            throw ConfigException.invalid(name, raw, "must be a JSON object or array");
        }
    }
}
