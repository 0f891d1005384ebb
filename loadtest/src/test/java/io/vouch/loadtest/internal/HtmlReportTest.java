package io.vouch.loadtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vouch.loadtest.LoadTestConfig;
import io.vouch.loadtest.LoadTestResult;
import io.vouch.loadtest.Scenario;
import io.vouch.loadtest.SipUser;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    private static LoadTestResult result;
    private static String html;

    /** A real engine run (virtual clock, in-memory UAS) in steps, so every chart has data. */
    @BeforeAll
    static void runAndRender() {
        LoadTestConfig c = LoadTestConfig.builder().target(new InetSocketAddress("127.0.0.1", 5060)).warmUp(false)
                .mix(Map.of(Scenario.OPTIONS, 1, Scenario.REGISTER, 1))
                .users(List.of(new SipUser("alice", "pw", Optional.empty())))
                .steps(List.of(50.0, 100.0)).stepDuration(Duration.ofSeconds(2)).build();
        long[] now = {0};
        LoadEngineRef ref = new LoadEngineRef();
        InMemoryUas[] uas = new InMemoryUas[1];
        uas[0] = new InMemoryUas(m -> ref.get().onMessage(m, uas[0]));
        LoadEngine engine = new LoadEngine(c, i -> uas[0], IdentitySource.NONE, () -> now[0], 3);
        ref.set(engine);
        while (!engine.finished()) {
            now[0] += 1_000_000;
            engine.tick();
        }
        engine.stats().close(now[0]);
        result = ResultAssembler.assemble(c, engine, Instant.parse("2026-11-23T10:00:00Z"), 4.1, Optional.empty());
        html = HtmlReport.render(result);
    }

    @Test
    void everyChartIsWellFormedSvgWithALinePerSeries() throws Exception {
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        List<Document> charts = new ArrayList<>();
        while (m.find()) {
            charts.add(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8))));
        }
        assertEquals(4, charts.size(), "percentiles, throughput, latency over time, steps");
        for (Document d : charts) {
            NodeList paths = d.getElementsByTagName("path");
            assertTrue(paths.getLength() >= 2, "lines drawn");
            for (int i = 0; i < paths.getLength(); i++) {
                assertTrue(paths.item(i).getAttributes().getNamedItem("d").getNodeValue().matches("M[0-9., L]+"));
            }
        }
        String percentile = charts.getFirst().getDocumentElement().getTextContent();
        assertTrue(percentile.contains("99.9%") && percentile.contains("percentile"), percentile);
    }

    @Test
    void embedsTheResultDataAndShowsTheHeadlineFigures() {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"result\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find());
        JsonObject embedded = new JsonObject(m.group(1).replace("<\\/", "</"));
        assertEquals(result.toJson(), embedded);
        assertEquals(300, embedded.getLong("succeeded"));
        assertTrue(html.contains("Highest sustainable rate: 100 calls/s"), "verdict banner");
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%.2f ms", result.responseTime().p99Ms())));
        assertTrue(html.contains("<td>401</td><td>150</td>"), "response codes table");
    }

    @Test
    void isSelfContained() {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<link"), "no external stylesheet");
        assertFalse(html.contains("src="), "no external script or image");
        String withoutNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutNamespace.contains("http://") || withoutNamespace.contains("https://"),
                "no external reference");
    }

    @Test
    void percentileAxisPutsNinetyNineAndNinetyNinePointNineOneDecadeApart() {
        assertEquals(1.0, SvgChart.percentileX(90, 5), 1e-9);
        assertEquals(2.0, SvgChart.percentileX(99, 5), 1e-9);
        assertEquals(3.0, SvgChart.percentileX(99.9, 5), 1e-9);
        assertEquals(5.0, SvgChart.percentileX(100, 5), 1e-9);
        assertEquals(0.0, SvgChart.percentileX(0, 5), 1e-9);
    }

    @Test
    void escapesTextFromTheRun() {
        assertEquals("&lt;script&gt;&amp;&quot;", Html.escape("<script>&\""));
    }
}
