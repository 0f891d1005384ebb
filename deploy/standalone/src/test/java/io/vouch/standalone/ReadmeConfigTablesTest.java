package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vouch.runtime.config.ConfigDef;
import io.vouch.runtime.config.ConfigDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The key tables in the module READMEs are the declarations rendered ({@code vouch config --markdown <component>}):
 * this test fails when one disagrees. Run it with {@code -Dconfig.readme.write=true} to rewrite them.
 */
class ReadmeConfigTablesTest {
    private static final Pattern BLOCK = Pattern.compile(
            "(<!-- config-table: ([a-z.]+) -->\n)(.*?)(<!-- /config-table -->)", Pattern.DOTALL);
    private static final List<String> READMES = List.of("edge-transport", "auth-service", "registrar-service",
            "identity-service", "cert-service", "media-keying", "runtime");

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve("deploy/standalone/pom.xml"))) {
            p = p.getParent();
        }
        return p;
    }

    static String expected(String component) {
        ConfigDef d = VouchConfig.component(component).orElseThrow(() -> new AssertionError("unknown component "
                + component));
        String aliases = ConfigDocs.markdownAliases(d);
        return ConfigDocs.markdown(d) + (aliases.isEmpty() ? "" : "\n" + aliases);
    }

    @Test
    void everyModuleReadmeTableEqualsTheDeclarations() throws IOException {
        boolean write = Boolean.getBoolean("config.readme.write");
        List<String> covered = new ArrayList<>();
        for (String module : READMES) {
            Path readme = root().resolve(module).resolve("README.md");
            String text = Files.readString(readme);
            Matcher m = BLOCK.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String component = m.group(2);
                covered.add(component);
                String want = expected(component);
                if (write) {
                    m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + want + m.group(4)));
                } else {
                    assertEquals(want, m.group(3), module + "/README.md: the " + component + " key table disagrees "
                            + "with the declarations; regenerate with -Dconfig.readme.write=true");
                }
            }
            m.appendTail(out);
            if (write) {
                Files.writeString(readme, out.toString());
            }
        }
        for (ConfigDef d : VouchConfig.MODEL.components()) {
            if (!d.component().equals("launcher")) {
                assertTrue(covered.contains(d.component()), "no README carries the " + d.component() + " key table");
            }
        }
    }
}
