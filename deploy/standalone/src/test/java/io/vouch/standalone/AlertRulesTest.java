package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert rules pass {@code promtool check rules} (Debian package {@code prometheus}); skipped without it. */
class AlertRulesTest {

    private static String promtool(Path rules) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "rules", rules.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("promtool is not installed (Debian package prometheus)");
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        return p.exitValue() + "\n" + out;
    }

    @Test
    void theAlertRulesPassPromtool() throws Exception {
        String out = promtool(Kustomize.repoRoot().resolve("deploy/prometheus/vouch-alerts.yml"));
        assertTrue(out.startsWith("0\n") && out.contains("SUCCESS"), out);
    }

    @Test
    void promtoolRejectsABrokenRuleSoTheCheckCanFail(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yml");
        Files.writeString(bad, """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum by (stage (rate(vouch_stage_drops_total[5m]))
                """);
        String out = promtool(bad);
        assertEquals('1', out.charAt(0), out);
    }
}
