package io.vouch.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The key reference rendered from the declarations: plain text for {@code vouch config} and Markdown tables for the
 * module READMEs (a test keeps those equal to {@link #markdown}).
 */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    /** Every key of every component, grouped by component, with type, default, valid values and doc. */
    public static String text(ConfigModel model) {
        StringBuilder sb = new StringBuilder();
        for (ConfigDef d : model.documented()) {
            sb.append(d.title()).append(" (").append(d.prefix()).append("*)\n");
            for (ConfigDef.Key k : d.keys()) {
                sb.append("  ").append(k.name()).append('\n')
                        .append("      ").append(k.doc()).append('\n')
                        .append("      type: ").append(typeName(k.type()))
                        .append("; default: ").append(defaultText(k))
                        .append(k.validator() == Validator.ANY ? "" : "; valid: " + k.validator().describe())
                        .append("; importance: ").append(k.importance().name().toLowerCase(Locale.ROOT))
                        .append('\n');
            }
            d.families().forEach((f, doc) -> sb.append("  ").append(f).append("<name>\n      ").append(doc)
                    .append('\n'));
            d.overrideBases().forEach((p, base) -> sb.append("  ").append(p).append("<key>\n      overrides ")
                    .append(base.prefix()).append("<key> for ").append(d.component()).append(" only\n"));
            if (!d.aliases().isEmpty()) {
                sb.append("  old names (still read for one release, with a warning): ")
                        .append(d.aliases().entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue())
                                .collect(Collectors.joining(", ")))
                        .append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The Markdown key table of one component, as the module README carries it. */
    public static String markdown(ConfigDef d) {
        StringBuilder sb = new StringBuilder("| key | type | default | valid values | meaning |\n|---|---|---|---|---|\n");
        for (ConfigDef.Key k : d.keys()) {
            sb.append("| `").append(k.name()).append("` | ").append(typeName(k.type())).append(" | ")
                    .append(cell(defaultText(k))).append(" | ")
                    .append(k.validator() == Validator.ANY ? "" : cell(k.validator().describe())).append(" | ")
                    .append(cell(k.doc())).append(" |\n");
        }
        for (Map.Entry<String, String> f : d.families().entrySet()) {
            sb.append("| `").append(f.getKey()).append("<name>` | string |  |  | ").append(cell(f.getValue()))
                    .append(" |\n");
        }
        for (Map.Entry<String, ConfigDef> o : d.overrideBases().entrySet()) {
            sb.append("| `").append(o.getKey()).append("<key>` |  |  |  | overrides `")
                    .append(o.getValue().prefix()).append("<key>` for ").append(d.component()).append(" only |\n");
        }
        return sb.toString();
    }

    /** The Markdown list of a component's old key names and their new names (empty when none). */
    public static String markdownAliases(ConfigDef d) {
        if (d.aliases().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("| old name (one more release, with a warning) | new name |\n|---|---|\n");
        d.aliases().forEach((o, n) -> sb.append("| `").append(o).append("` | `").append(n).append("` |\n"));
        return sb.toString();
    }

    private static String typeName(ConfigDef.Type t) {
        return switch (t) {
            case BOOLEAN -> "boolean";
            case INT, LONG -> "integer";
            case DOUBLE -> "number";
            case STRING -> "string";
            case LIST -> "list";
            case MAP -> "map";
            case JSON -> "json";
        };
    }

    private static String defaultText(ConfigDef.Key k) {
        Object v = k.defaultValue();
        if (k.secret()) {
            return "(none)";
        }
        if (v == null) {
            return "(none)";
        }
        if (v instanceof List<?> l) {
            return l.isEmpty() ? "(empty)" : l.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty() ? "(empty)" : m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }
        if (v instanceof JsonObject || v instanceof JsonArray) {
            return v.toString();
        }
        String s = v.toString();
        return s.isEmpty() ? "(empty)" : s;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
