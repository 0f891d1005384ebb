package io.vouch.runtime.config;

/** A configuration that cannot be used: an unknown key, a value of the wrong type or outside its rule; the message
 * names the key and the rule. */
public final class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key (its current name). */
    public String key() {
        return key;
    }

    static ConfigException invalid(String key, Object value, String rule) {
        return new ConfigException(key, key + ": invalid value " + show(value) + " (" + rule + ")");
    }

    static String show(Object value) {
        String s = String.valueOf(value);
        return "\"" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "\"";
    }
}
