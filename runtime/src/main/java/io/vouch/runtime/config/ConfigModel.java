package io.vouch.runtime.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every component's declarations together: resolves old names (with a warning naming the new one), refuses unknown
 * keys, validates every value, and renders the key reference ({@code vouch config}, the README tables).
 */
public final class ConfigModel {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigModel.class);
    /** Logs that an old key name was used. */
    public static final BiConsumer<String, String> WARN = (oldName, newName) -> LOG.warn(
            "configuration key {} is deprecated and will be removed in the next release; use {}", oldName, newName);

    private final List<ConfigDef> defs;

    private ConfigModel(List<ConfigDef> defs) {
        this.defs = List.copyOf(defs);
    }

    public static ConfigModel of(ConfigDef... defs) {
        return new ConfigModel(List.of(defs));
    }

    public static ConfigModel of(List<ConfigDef> defs) {
        return new ConfigModel(defs);
    }

    public List<ConfigDef> components() {
        return defs;
    }

    /** The declaration of {@code name} (a current name, or an override of another component's key). */
    public Optional<ConfigDef.Key> find(String name) {
        for (ConfigDef d : defs) {
            Optional<ConfigDef.Key> k = d.key(name).or(() -> d.overridden(name));
            if (k.isPresent()) {
                return k;
            }
        }
        return Optional.empty();
    }

    /**
     * The current name of {@code name}: itself, the new name of an old one, or — for an old per-component section
     * ({@code {"identity":{"sign.trusted.sources":…}}} or {@code {"auth":{"auth.realms":…}}}) — the key it meant.
     */
    public String canonical(String name) {
        for (ConfigDef d : defs) {
            String renamed = d.aliases().get(name);
            if (renamed != null) {
                return renamed;
            }
        }
        for (ConfigDef d : defs) {
            if (name.startsWith(d.prefix()) && !d.accepts(name)) {
                String rest = name.substring(d.prefix().length());
                if (d.aliases().containsKey(rest)) {
                    return d.aliases().get(rest);
                }
                if (d.accepts(rest)) {
                    return rest;
                }
            }
        }
        return name;
    }

    /** {@code flat} with every old name replaced by its current one; a current name given too wins. */
    public Map<String, Object> normalize(Map<String, ?> flat) {
        return normalize(flat, WARN);
    }

    /** As {@link #normalize(Map)}, reporting each old name to {@code onRenamed} (old, new). */
    public Map<String, Object> normalize(Map<String, ?> flat, BiConsumer<String, String> onRenamed) {
        Map<String, Object> out = new LinkedHashMap<>();
        flat.forEach((k, v) -> {
            if (canonical(k).equals(k)) {
                out.put(k, v);
            }
        });
        flat.forEach((k, v) -> {
            String c = canonical(k);
            if (!c.equals(k)) {
                onRenamed.accept(k, c);
                out.putIfAbsent(c, v);
            }
        });
        return out;
    }

    /** Flattens and normalizes {@code json} (nested or flat, old names allowed). */
    public Map<String, Object> read(JsonObject json) {
        return normalize(ConfigSource.flatten(json, this));
    }

    /** Throws naming the first key (current names) that no component declares. */
    public void requireKnown(Map<String, ?> flat) {
        for (String k : flat.keySet()) {
            if (defs.stream().noneMatch(d -> d.accepts(k))) {
                throw unknown(k, defs);
            }
        }
    }

    /** Refuses unknown keys and parses every component's keys: the check {@code vouch run} does before starting. */
    public Map<String, Config> validate(Map<String, Object> flat) {
        requireKnown(flat);
        Map<String, Config> out = new LinkedHashMap<>();
        for (ConfigDef d : defs) {
            out.put(d.component(), Config.of(d, flat));
        }
        return out;
    }

    static ConfigException unknown(String name, List<ConfigDef> defs) {
        String hint = defs.stream().flatMap(d -> d.keys().stream()).map(ConfigDef.Key::name)
                .min(Comparator.comparingInt(k -> distance(k, name)))
                .filter(k -> distance(k, name) <= Math.max(2, name.length() / 4))
                .map(k -> " (did you mean " + k + "?)").orElse("");
        return new ConfigException(name, "unknown configuration key " + name + hint
                + "; `vouch config` lists every key");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Old name → new name, over all components. */
    public Map<String, String> aliases() {
        Map<String, String> out = new LinkedHashMap<>();
        defs.forEach(d -> out.putAll(d.aliases()));
        return out;
    }

    /** Every component that declares something, in declaration order (for help output). */
    List<ConfigDef> documented() {
        List<ConfigDef> out = new ArrayList<>();
        for (ConfigDef d : defs) {
            if (!d.keys().isEmpty() || !d.families().isEmpty()) {
                out.add(d);
            }
        }
        return out;
    }
}
