package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The three-broker cluster under SIPp REGISTER load ({@code deploy/verify/cluster-faults.sh}): a broker, a registrar
 * replica and an edge are killed with SIGKILL one after the other, and every acknowledged registration must be in
 * {@code vouch.bindings} afterwards; the topics must have three replicas and {@code min.insync.replicas=2}. Runs the
 * built launcher as separate processes with real SIPp and kcat, in the {@code cluster} profile only
 * ({@code ./mvnw -Pcluster -pl deploy/standalone -am verify}).
 */
@Tag("cluster")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ClusterFaultsIT {
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern SUMMARY = Pattern.compile("acknowledged=(\\d+) found=(\\d+) lost=(\\d+)");
    private static final Pattern FAULT = Pattern.compile("fault=(\\w+) recovery_s=([0-9.]+) ");

    @Test
    void losesNoAcknowledgedRegistrationAcrossABrokerARegistrarAndAnEdgeKilled() throws Exception {
        Path work = Files.createTempDirectory("vouch-cluster-it");
        Path out = work.resolve("cluster-faults.out");
        Map<String, String> env = new HashMap<>();
        env.put("WORK", work.toString());
        env.put("KEEP", "1");
        env.put("VOUCH_JAR", Path.of("target/vouch.jar").toAbsolutePath().toString());
        env.put("USERS", System.getProperty("cluster.users", "1800"));
        env.put("RATE", System.getProperty("cluster.rate", "15"));
        env.put("GAP", System.getProperty("cluster.gap", "25"));
        env.put("WARMUP", System.getProperty("cluster.warmup", "200"));
        try {
            int rc = run(List.of("bash", REPO.resolve("deploy/verify/cluster-faults.sh").toString()), env, out, 16);
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Matcher m = SUMMARY.matcher(output);
            assertTrue(m.find(), "no summary line in " + out + ":\n" + tail(output));
            int acknowledged = Integer.parseInt(m.group(1));
            assertTrue(acknowledged > 0, "no registration acknowledged: " + m.group());
            assertEquals(acknowledged, Integer.parseInt(m.group(2)), "acknowledged registrations missing from "
                    + "vouch.bindings: " + m.group() + " (see " + work + "/missing.txt)");
            assertEquals(0, Integer.parseInt(m.group(3)), m.group());
            Matcher f = FAULT.matcher(output);
            Set<String> recovered = new TreeSet<>();
            while (f.find()) {
                recovered.add(f.group(1));
            }
            assertEquals(Set.of("broker", "edge", "registrar"), recovered, "every fault recovers:\n" + tail(output));
            assertEquals(0, rc, "cluster-faults.sh exit status:\n" + tail(output));
            assertTopicsReplicated();
        } finally {
            run(List.of("bash", REPO.resolve("deploy/cluster/cluster.sh").toString(), "stop"), env,
                    work.resolve("stop.out"), 3);
        }
    }

    /** Every vouch.* topic: three replicas per partition and min.insync.replicas=2. */
    private static void assertTopicsReplicated() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:19150,127.0.0.1:19151,127.0.0.1:19152"))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("vouch.")).collect(Collectors.toSet());
            assertTrue(topics.contains("vouch.bindings") && topics.contains("vouch.edge.edge-2"), topics.toString());
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            described.values().forEach(d -> d.partitions().forEach(p -> assertEquals(3, p.replicas().size(),
                    d.name() + "-" + p.partition())));
            List<ConfigResource> resources = topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            configs.forEach((r, c) -> assertEquals("2", c.get("min.insync.replicas").value(), r.name()));
        }
    }

    private static int run(List<String> command, Map<String, String> env, Path out, int minutes)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroy();
            p.waitFor(40, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
