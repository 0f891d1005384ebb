package io.vouch.runtime.config;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The declared configuration keys of one component (Kafka {@code ConfigDef}): each key once, with its type, default,
 * rule, importance and documentation; old names as aliases; open families of pass-through keys (e.g.
 * {@code kafka.producer.*}). Every key of the component starts with its prefix ({@code edge.}, {@code auth.}…), and
 * {@link #parse} refuses an undeclared key under that prefix.
 */
public final class ConfigDef {
    /** Value types; {@link ConfigSource} reads each the same way from JSON, {@code --set} and config files. */
    public enum Type {
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A 32-bit integer. */
        INT,
        /** A 64-bit integer. */
        LONG,
        /** A decimal number. */
        DOUBLE,
        /** Text. */
        STRING,
        /** A JSON array or a comma-separated string; blank entries are dropped. */
        LIST,
        /** A JSON object or {@code name=value,name=value}. */
        MAP,
        /** A JSON object or array kept whole (given as text on the command line). */
        JSON
    }

    /** How likely an operator needs to set a key. */
    public enum Importance { HIGH, MEDIUM, LOW }

    /**
     * One declared key.
     *
     * @param defaultValue the value when unset, already of the key's type; null means no default (derived in code)
     * @param secret       redacted wherever values are shown
     */
    public record Key(String name, Type type, Object defaultValue, Validator validator, Importance importance,
                      String doc, boolean secret) {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(validator, "validator");
            Objects.requireNonNull(importance, "importance");
            Objects.requireNonNull(doc, "doc");
        }
    }

    private final String component;
    private final String prefix;
    private final String title;
    private final boolean strict;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final Map<String, String> families = new LinkedHashMap<>();
    private final Map<String, ConfigDef> overrides = new LinkedHashMap<>();

    private ConfigDef(String component, String prefix, String title, boolean strict) {
        if (!prefix.endsWith(".")) {
            throw new IllegalArgumentException("prefix must end with '.': " + prefix);
        }
        this.component = component;
        this.prefix = prefix;
        this.title = title;
        this.strict = strict;
    }

    /** The keys of {@code component}, all under {@code prefix}; unknown keys under the prefix are refused. */
    public static ConfigDef of(String component, String prefix, String title) {
        return new ConfigDef(component, prefix, title, true);
    }

    /**
     * Some keys of a component that other components read too (e.g. the digest challenge keys the edge shares with
     * auth): declared here once, included by their owner with {@link #include}; parsing this part alone ignores the
     * owner's other keys.
     */
    public static ConfigDef part(String component, String prefix) {
        return new ConfigDef(component, prefix, component, false);
    }

    /** Declares a key; its name must start with this component's prefix. */
    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, Importance importance,
                            String doc) {
        return add(new Key(name, type, defaultValue, validator, importance, doc, false));
    }

    /** Declares a key whose rule is {@link Validator#ANY}. */
    public ConfigDef define(String name, Type type, Object defaultValue, Importance importance, String doc) {
        return define(name, type, defaultValue, Validator.ANY, importance, doc);
    }

    /** Declares a secret key (shown redacted). */
    public ConfigDef defineSecret(String name, Type type, Validator validator, Importance importance, String doc) {
        return add(new Key(name, type, null, validator, importance, doc, true));
    }

    private ConfigDef add(Key key) {
        if (!key.name().startsWith(prefix)) {
            throw new IllegalArgumentException(key.name() + " does not start with " + prefix);
        }
        if (keys.putIfAbsent(key.name(), key) != null) {
            throw new IllegalArgumentException(key.name() + " is declared twice");
        }
        if (key.defaultValue() != null) {
            ConfigSource.parse(key, key.defaultValue()); // a default must follow its own rule
        }
        return this;
    }

    /** Adds the keys and aliases of {@code part} (declared elsewhere) to this component. */
    public ConfigDef include(ConfigDef part) {
        part.keys.values().forEach(this::add);
        part.families.forEach(this::family);
        part.aliases.forEach(this::alias);
        return this;
    }

    /** The old name {@code oldName} still works for one release, with a warning naming {@code newName}. */
    public ConfigDef alias(String oldName, String newName) {
        if (!keys.containsKey(newName) && familyOf(newName).isEmpty()) {
            throw new IllegalArgumentException("alias " + oldName + " names an undeclared key " + newName);
        }
        aliases.put(oldName, newName);
        return this;
    }

    /** Every key starting with {@code familyPrefix} is accepted as text and read by code (pass-through). */
    public ConfigDef family(String familyPrefix, String doc) {
        if (!familyPrefix.startsWith(prefix) || !familyPrefix.endsWith(".")) {
            throw new IllegalArgumentException("family " + familyPrefix + " must start with " + prefix);
        }
        families.put(familyPrefix, doc);
        return this;
    }

    /** {@code <prefix><key>} overrides {@code <key>} of {@code base} for this component only (e.g. stage keys). */
    public ConfigDef overrides(ConfigDef base) {
        overrides.put(prefix + base.prefix, base);
        return this;
    }

    public String component() {
        return component;
    }

    public String prefix() {
        return prefix;
    }

    public String title() {
        return title;
    }

    boolean strict() {
        return strict;
    }

    public Collection<Key> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    public Optional<Key> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** Old name → new name. */
    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    /** Family prefix → doc. */
    public Map<String, String> families() {
        return Collections.unmodifiableMap(families);
    }

    /** Override prefix (e.g. {@code auth.stage.}) → the component whose keys it overrides. */
    public Map<String, ConfigDef> overrideBases() {
        return Collections.unmodifiableMap(overrides);
    }

    Optional<String> familyOf(String name) {
        return families.keySet().stream().filter(f -> name.startsWith(f) && name.length() > f.length()).findFirst();
    }

    /** The key of {@code base} that {@code name} overrides, if it is an override key of this component. */
    Optional<Key> overridden(String name) {
        for (Map.Entry<String, ConfigDef> o : overrides.entrySet()) {
            if (name.startsWith(o.getKey())) {
                return o.getValue().key(o.getValue().prefix() + name.substring(o.getKey().length()));
            }
        }
        return Optional.empty();
    }

    /** True when {@code name} (a current name) belongs to this component: declared, in a family, or an override. */
    boolean accepts(String name) {
        return keys.containsKey(name) || familyOf(name).isPresent() || overridden(name).isPresent();
    }

    /** Reads this component's keys from {@code json} (nested or flat, old names allowed); fails naming the key. */
    public Config parse(JsonObject json) {
        return Config.of(this, ConfigModel.of(this).read(json));
    }

    /** Reads this component's keys from already flat values (current or old names). */
    public Config parse(Map<String, ?> flat) {
        return Config.of(this, ConfigModel.of(this).normalize(flat));
    }
}
