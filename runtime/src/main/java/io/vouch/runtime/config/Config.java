package io.vouch.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed, validated values of one component's keys (Kafka {@code AbstractConfig}): every declared key has its
 * value or default, typed; {@link #isSet} tells whether the operator gave it.
 */
public final class Config {
    private final ConfigDef def;
    private final Map<String, Object> values;
    private final Set<String> set;
    private final Map<String, String> families;
    private final Map<String, Object> overrides;

    private Config(ConfigDef def, Map<String, Object> values, Set<String> set, Map<String, String> families,
                   Map<String, Object> overrides) {
        this.def = def;
        this.values = values;
        this.set = set;
        this.families = families;
        this.overrides = overrides;
    }

    /** Parses {@code flat} (current names) for {@code def}; throws {@link ConfigException} naming the key. */
    static Config of(ConfigDef def, Map<String, Object> flat) {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> set = new LinkedHashSet<>();
        Map<String, String> families = new LinkedHashMap<>();
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (ConfigDef.Key k : def.keys()) {
            Object raw = flat.get(k.name());
            if (raw != null) {
                values.put(k.name(), ConfigSource.parse(k, raw));
                set.add(k.name());
            } else if (k.defaultValue() != null) {
                values.put(k.name(), ConfigSource.parse(k, k.defaultValue()));
            }
        }
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(def.prefix()) || def.key(name).isPresent()) {
                continue;
            }
            Optional<ConfigDef.Key> base = def.overridden(name);
            if (base.isPresent()) {
                overrides.put(base.get().name(), ConfigSource.parse(name, base.get(), e.getValue()));
            } else if (def.familyOf(name).isPresent()) {
                families.put(name, scalarText(name, e.getValue()));
            } else if (def.strict()) {
                throw ConfigModel.unknown(name, List.of(def));
            }
        }
        return new Config(def, Collections.unmodifiableMap(values), Collections.unmodifiableSet(set),
                Collections.unmodifiableMap(families), Collections.unmodifiableMap(overrides));
    }

    private static String scalarText(String name, Object v) {
        if (v instanceof JsonArray a) {
            return String.join(",", a.stream().map(String::valueOf).toList());
        }
        if (v instanceof JsonObject || v instanceof Map<?, ?>) {
            throw ConfigException.invalid(name, v, "must be a single value");
        }
        return v.toString().trim();
    }

    /** Whether the operator set {@code name} (rather than it taking its default). */
    public boolean isSet(String name) {
        declared(name);
        return set.contains(name);
    }

    private ConfigDef.Key declared(String name) {
        return def.key(name).orElseThrow(() -> new IllegalArgumentException(name + " is not declared by "
                + def.component()));
    }

    /** The value of {@code name}, or empty when it is unset and has no default. */
    public Optional<Object> value(String name) {
        declared(name);
        return Optional.ofNullable(values.get(name));
    }

    private Object required(String name) {
        return value(name).orElseThrow(() -> new ConfigException(name, "configuration key " + name
                + " is required"));
    }

    public boolean getBoolean(String name) {
        return (Boolean) required(name);
    }

    public int getInt(String name) {
        return (Integer) required(name);
    }

    public long getLong(String name) {
        return (Long) required(name);
    }

    public double getDouble(String name) {
        return (Double) required(name);
    }

    public String getString(String name) {
        return (String) required(name);
    }

    /** The string value, empty when unset (or set empty) and without a default. */
    public Optional<String> optionalString(String name) {
        return value(name).map(Object::toString).filter(s -> !s.isEmpty());
    }

    /** An integer key without a default, empty when unset. */
    public Optional<Integer> optionalInt(String name) {
        return value(name).map(v -> (Integer) v);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String name) {
        return (List<String>) value(name).orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> getMap(String name) {
        return (Map<String, String>) value(name).orElse(Map.of());
    }

    /** A JSON key's value (an object or an array), empty when unset. */
    public Optional<Object> getJson(String name) {
        return value(name);
    }

    /** The pass-through keys of the family {@code familyPrefix}, with that prefix removed. */
    public Map<String, String> family(String familyPrefix) {
        if (!def.families().containsKey(familyPrefix)) {
            throw new IllegalArgumentException(familyPrefix + " is not a family of " + def.component());
        }
        Map<String, String> out = new LinkedHashMap<>();
        families.forEach((k, v) -> {
            if (k.startsWith(familyPrefix)) {
                out.put(k.substring(familyPrefix.length()), v);
            }
        });
        return out;
    }

    /** Values this component overrides for another's keys (e.g. {@code auth.stage.max.in.flight}), by base name. */
    public Map<String, Object> overrides() {
        return overrides;
    }
}
