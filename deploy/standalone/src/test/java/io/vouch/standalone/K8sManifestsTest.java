package io.vouch.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import io.vouch.proto.Topics;
import io.vouch.runtime.StageConfig;
import io.vouch.runtime.kafka.TopicSpec;
import io.vouch.runtime.kafka.VouchTopics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes manifests of {@code k8s/}, rendered per overlay and checked offline: every document against its
 * JSON schema, and what a schema cannot see — probes and resources on every workload, every Vouch topic declared as a
 * KafkaTopic (compacted where the code compacts it, co-partitioned where the code relies on it), KEDA triggers on
 * the consumer groups and topics the services really use, and ACLs covering what each component produces and
 * consumes.
 */
class K8sManifestsTest {
    private static final Path ROOT = Kustomize.repoRoot();
    private static final ManifestSchemas SCHEMAS = new ManifestSchemas();

    /** What each component's KafkaUser must allow: topic → operations, group → Read (from the code's data flow). */
    private static final Map<String, Map<String, Set<String>>> USES = Map.of(
            "edge", Map.of(Topics.AUTH, Set.of("Write"), Topics.REGISTRAR, Set.of("Write"),
                    Topics.IDENTITY, Set.of("Write"), Topics.MEDIA, Set.of("Write"), Topics.CERT, Set.of("Write"),
                    Topics.edgeReplies("vouch-edge-0"), Set.of("Read", "Create")),
            "auth", Map.of(Topics.AUTH, Set.of("Read", "Write"), Topics.CREDENTIALS, Set.of("Read"),
                    Topics.REGISTRAR, Set.of("Write"), Topics.MEDIA, Set.of("Write"), Topics.CERT, Set.of("Write"),
                    Topics.edgeReplies("vouch-edge-0"), Set.of("Write")),
            "registrar", Map.of(Topics.REGISTRAR, Set.of("Read"), Topics.BINDINGS, Set.of("Read", "Write"),
                    Topics.edgeReplies("vouch-edge-0"), Set.of("Write")),
            "identity", Map.of(Topics.IDENTITY, Set.of("Read"), Topics.TN_ASSIGNMENTS, Set.of("Read"),
                    Topics.edgeReplies("vouch-edge-0"), Set.of("Write")),
            "media", Map.of(Topics.MEDIA, Set.of("Read"), Topics.IDENTITY, Set.of("Write"),
                    Topics.edgeReplies("vouch-edge-0"), Set.of("Write")),
            "cert", Map.of(Topics.CERT, Set.of("Read"), Topics.CERTIFICATES, Set.of("Read", "Write"),
                    Topics.CERT_SUBSCRIPTIONS, Set.of("Read", "Write"), Topics.edgeReplies("vouch-edge-0"),
                    Set.of("Write")));

    private static List<ObjectNode> render(String overlay) {
        return Kustomize.build(ROOT.resolve("k8s/overlays").resolve(overlay));
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asString().equals(kind)).toList();
    }

    private static String name(JsonNode d) {
        return d.path("metadata").path("name").asString();
    }

    private static ObjectNode named(List<ObjectNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name(d).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<ObjectNode> workloads(List<ObjectNode> docs) {
        List<ObjectNode> w = new ArrayList<>(ofKind(docs, "Deployment"));
        w.addAll(ofKind(docs, "StatefulSet"));
        return w;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedDocumentMatchesItsSchema(String overlay) {
        List<ObjectNode> docs = render(overlay);
        assertTrue(docs.size() > 40, "rendered " + docs.size());
        List<String> problems = new ArrayList<>();
        for (ObjectNode d : docs) {
            SCHEMAS.validate(d).forEach(e -> problems.add(d.path("kind").asString() + "/" + name(d) + ": " + e));
            if (!d.path("metadata").path("namespace").asString().equals(overlay.equals("dev") ? "vouch-dev" : "vouch")) {
                problems.add(d.path("kind").asString() + "/" + name(d) + ": not in the overlay's namespace");
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersLikeKubectlKustomizeWhereKubectlIsInstalled(String overlay) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("k8s/overlays").resolve(overlay).toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not installed");
            return;
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize failed");
        Path tmp = Files.createTempFile("kustomize", ".yaml");
        try {
            Files.write(tmp, out);
            assertEquals(byKey(Kustomize.readAll(tmp)), byKey(render(overlay)));
        } finally {
            Files.delete(tmp);
        }
    }

    private static Map<String, JsonNode> byKey(List<ObjectNode> docs) {
        return docs.stream().collect(Collectors.toMap(d -> d.path("kind").asString() + "/" + name(d), d -> d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadHasProbesResourcesAGraceAndARestrictedPod(String overlay) {
        List<ObjectNode> docs = render(overlay);
        List<ObjectNode> workloads = workloads(docs);
        assertEquals(6, workloads.size(), "edge StatefulSet and five stage Deployments");
        for (ObjectNode w : workloads) {
            String n = w.path("kind").asString() + "/" + name(w);
            JsonNode pod = w.path("spec").path("template").path("spec");
            // a SIP transaction lasts up to 64*T1 = 32 s (RFC 3261 §17.1.2.2); the stage drain comes on top
            assertTrue(pod.path("terminationGracePeriodSeconds").asInt() >= 35, n + ": grace period");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), n + ": runAsNonRoot");
            for (JsonNode c : pod.path("containers")) {
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertEquals("management", c.path(probe).path("httpGet").path("port").asString(), n + " " + probe);
                }
                assertEquals("/health/ready", c.path("readinessProbe").path("httpGet").path("path").asString(), n);
                assertEquals("/health/live", c.path("livenessProbe").path("httpGet").path("path").asString(), n);
                JsonNode res = c.path("resources");
                assertFalse(res.path("requests").path("cpu").isMissingNode(), n + ": cpu request");
                assertFalse(res.path("requests").path("memory").isMissingNode(), n + ": memory request");
                assertFalse(res.path("limits").path("memory").isMissingNode(), n + ": memory limit");
                assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean(), n + ": read-only /");
                assertFalse(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true), n);
                assertTrue(c.path("volumeMounts").findValuesAsString("mountPath").contains("/tmp"), n + ": /tmp");
            }
            boolean pdb = ofKind(docs, "PodDisruptionBudget").stream().anyMatch(b -> b.path("spec").path("selector")
                    .equals(w.path("spec").path("selector")));
            assertTrue(pdb, n + ": a PodDisruptionBudget selects it");
        }
        JsonNode sip = named(docs, "Service", "vouch-sip").path("spec");
        assertEquals("Local", sip.path("externalTrafficPolicy").asString(), "client addresses kept");
        assertEquals(Set.of("UDP/5060", "TCP/5060", "TCP/5061"), sip.path("ports").valueStream()
                .map(x -> x.path("protocol").asString() + "/" + x.path("port").asInt()).collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVouchTopicIsAKafkaTopicWithTheCodesPolicyAndCoPartitioning(String overlay) throws Exception {
        Map<String, JsonNode> topics = ofKind(render(overlay), "KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.path("spec").path("topicName").asString(), t -> t.path("spec")));
        Set<String> named = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                named.add((String) f.get(null));
            }
        }
        Set<String> declared = VouchTopics.defaults(1).stream().map(TopicSpec::name).collect(Collectors.toSet());
        assertEquals(named, new TreeSet<>(declared), "Topics and VouchTopics name the same shared topics");
        assertEquals(named, new TreeSet<>(topics.keySet()), "one KafkaTopic per shared topic");
        for (TopicSpec s : VouchTopics.defaults(1)) {
            JsonNode t = topics.get(s.name());
            s.topicConfigs().forEach((k, v) -> assertEquals(v, t.path("config").path(k).asString(), s.name() + " " + k));
            int replicas = t.path("replicas").asInt();
            int minIsr = t.path("config").path("min.insync.replicas").asInt();
            assertTrue(minIsr >= 1 && (replicas == 1 || minIsr < replicas), s.name() + ": one broker may fail");
        }
        int registrar = topics.get(Topics.REGISTRAR).path("partitions").asInt();
        assertEquals(registrar, topics.get(Topics.BINDINGS).path("partitions").asInt(), "bindings co-partitioned");
        int cert = topics.get(Topics.CERT).path("partitions").asInt();
        assertEquals(cert, topics.get(Topics.CERTIFICATES).path("partitions").asInt());
        assertEquals(cert, topics.get(Topics.CERT_SUBSCRIPTIONS).path("partitions").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaScalesEachStageOnTheGroupAndTopicItsServiceUses(String overlay, @TempDir Path tmp) throws Exception {
        List<ObjectNode> docs = render(overlay);
        Map<String, Integer> partitions = ofKind(docs, "KafkaTopic").stream().collect(Collectors.toMap(
                t -> t.path("spec").path("topicName").asString(), t -> t.path("spec").path("partitions").asInt()));
        List<ObjectNode> scaled = ofKind(docs, "ScaledObject");
        assertEquals(5, scaled.size());
        Set<String> services = new HashSet<>();
        for (ObjectNode so : scaled) {
            JsonNode spec = so.path("spec");
            ObjectNode deployment = named(docs, "Deployment", spec.path("scaleTargetRef").path("name").asString());
            LaunchOptions options = launchOptions(docs, deployment, tmp);
            String service = options.services().iterator().next();
            assertEquals(1, options.services().size(), name(deployment) + " runs one component");
            services.add(service);
            StageConfig stage = Ensemble.stageConfig(service, options.config());
            JsonNode trigger = spec.path("triggers").get(0);
            assertEquals("kafka", trigger.path("type").asString());
            assertEquals(stage.groupId(), trigger.path("metadata").path("consumerGroup").asString(), service);
            assertEquals(stage.inputTopics(), List.of(trigger.path("metadata").path("topic").asString()), service);
            int min = spec.path("minReplicaCount").asInt();
            int max = spec.path("maxReplicaCount").asInt();
            assertTrue(min >= 1 && min <= max, service + ": min " + min);
            assertTrue(max <= partitions.get(stage.inputTopics().getFirst()), service + ": max beyond partitions");
        }
        assertEquals(Ensemble.STAGE_INPUTS.keySet(), services, "every stage service is scaled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaUsersAllowWhatEachComponentProducesAndConsumesAndNoMore(String overlay, @TempDir Path tmp)
            throws Exception {
        List<ObjectNode> docs = render(overlay);
        for (ObjectNode w : workloads(docs)) {
            LaunchOptions options = launchOptions(docs, w, tmp);
            String service = options.services().iterator().next();
            JsonNode pod = w.path("spec").path("template").path("spec");
            String user = pod.path("volumes").valueStream().filter(v -> v.path("name").asString().equals("kafka-user"))
                    .findFirst().orElseThrow().path("secret").path("secretName").asString();
            JsonNode acls = named(docs, "KafkaUser", user).path("spec").path("authorization").path("acls");
            Map<String, Set<String>> uses = new HashMap<>(USES.get(service));
            if (Ensemble.STAGE_INPUTS.containsKey(service)) {
                String group = Ensemble.stageConfig(service, options.config()).groupId();
                assertTrue(allows(acls, "group", group, "Read"), user + ": Read on group " + group);
                uses.merge(Ensemble.STAGE_INPUTS.get(service), Set.of("Read"), (a, b) -> a);
            }
            uses.forEach((topic, ops) -> ops.forEach(op ->
                    assertTrue(allows(acls, "topic", topic, op), user + ": " + op + " on " + topic)));
            // least privilege: no rule beyond the uses above (a prefix rule counts when one use falls under it)
            for (JsonNode acl : acls) {
                JsonNode r = acl.path("resource");
                if (r.path("type").asString().equals("topic")) {
                    boolean used = uses.keySet().stream().anyMatch(t -> covers(r, t));
                    assertTrue(used, user + ": ACL on a topic it does not use: " + r);
                }
                assertFalse(acl.path("operations").valueStream().anyMatch(o -> o.asString().equals("All")), user);
            }
            assertFalse(options.config().getBoolean(Ensemble.TOPICS_ENSURE_KEY, true),
                    "topics belong to the topic operator, so no process needs Create on them");
        }
    }

    private static boolean allows(JsonNode acls, String type, String name, String op) {
        for (JsonNode acl : acls) {
            JsonNode r = acl.path("resource");
            boolean opOk = acl.path("operations").valueStream().anyMatch(o -> o.asString().equals(op)
                    || (op.equals("Describe") && (o.asString().equals("Read") || o.asString().equals("Write"))));
            if (r.path("type").asString().equals(type) && covers(r, name) && opOk
                    && !acl.path("type").asString("allow").equals("deny")) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(JsonNode resource, String name) {
        String n = resource.path("name").asString();
        return resource.path("patternType").asString("literal").equals("prefix") ? name.startsWith(n) : name.equals(n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretAndConfigMapAPodMountsIsDeclaredOrMadeByStrimzi(String overlay) {
        List<ObjectNode> docs = render(overlay);
        Set<String> available = new HashSet<>();
        ofKind(docs, "Secret").forEach(s -> available.add(name(s)));
        ofKind(docs, "ConfigMap").forEach(s -> available.add(name(s)));
        ofKind(docs, "KafkaUser").forEach(u -> available.add(name(u))); // the User Operator writes these
        available.add("vouch-kafka-cluster-ca-cert"); // the Cluster Operator writes the cluster CA
        for (ObjectNode w : workloads(docs)) {
            JsonNode pod = w.path("spec").path("template").path("spec");
            for (JsonNode v : pod.path("volumes")) {
                String ref = v.has("secret") ? v.path("secret").path("secretName").asString()
                        : v.path("configMap").path("name").asString(null);
                assertTrue(ref == null || available.contains(ref), name(w) + " mounts " + ref);
            }
            pod.path("containers").get(0).path("env").forEach(e -> {
                JsonNode cm = e.path("valueFrom").path("configMapKeyRef");
                if (!cm.isMissingNode()) {
                    assertTrue(named(docs, "ConfigMap", cm.path("name").asString()).path("data")
                            .has(cm.path("key").asString()), name(w) + " env " + e.path("name").asString());
                }
            });
        }
        for (ObjectNode t : ofKind(docs, "TriggerAuthentication")) {
            t.path("spec").path("secretTargetRef").forEach(r -> assertTrue(available.contains(
                    r.path("name").asString()), "TriggerAuthentication secret " + r.path("name").asString()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void prometheusRuleCarriesTheAlertRulesOfDeployPrometheus(String overlay) {
        ObjectNode rule = named(render(overlay), "PrometheusRule", "vouch");
        JsonNode file = Kustomize.readAll(ROOT.resolve("deploy/prometheus/vouch-alerts.yml")).getFirst();
        assertEquals(file.path("groups"), rule.path("spec").path("groups"));
    }

    /**
     * The launcher's own parse of a workload's arguments, with the ConfigMap's and Secret's files written to
     * {@code tmp} in place of their mount paths: what the pod would run with.
     */
    static LaunchOptions launchOptions(List<ObjectNode> docs, ObjectNode workload, Path tmp) throws IOException {
        JsonNode pod = workload.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, String> mounts = new HashMap<>();
        for (JsonNode m : container.path("volumeMounts")) {
            JsonNode vol = pod.path("volumes").valueStream().filter(v -> v.path("name").asString()
                    .equals(m.path("name").asString())).findFirst().orElseThrow();
            JsonNode data = vol.has("configMap") ? named(docs, "ConfigMap", vol.path("configMap").path("name")
                    .asString()).path("data") : vol.has("secret") ? ofKind(docs, "Secret").stream()
                    .filter(s -> name(s).equals(vol.path("secret").path("secretName").asString())).findFirst()
                    .map(s -> s.path("stringData")).orElse(null) : null;
            if (data == null) {
                continue;
            }
            Path dir = Files.createDirectories(tmp.resolve(name(workload)).resolve(m.path("name").asString()));
            for (var e : data.properties()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue().asString(), StandardCharsets.UTF_8);
            }
            mounts.put(m.path("mountPath").asString(), dir.toString());
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : container.path("args")) {
            String arg = a.asString();
            if (args.isEmpty() && arg.equals("run")) {
                continue;
            }
            for (var m : mounts.entrySet()) {
                if (arg.startsWith(m.getKey() + "/")) {
                    arg = m.getValue() + arg.substring(m.getKey().length());
                }
            }
            args.add(arg.replace("$(KAFKA_BOOTSTRAP)", "kafka:9093").replace("$(POD_NAME)", "vouch-edge-0"));
        }
        LaunchOptions o = LaunchOptions.parse(args.toArray(String[]::new));
        if (o.embeddedKafka()) {
            fail(name(workload) + " would start an embedded broker");
        }
        return o;
    }

    /** The ConfigMap's configuration as JSON, for tests that need a key of it. */
    static JsonObject configMapConfig(List<ObjectNode> docs) {
        return new JsonObject(named(docs, "ConfigMap", "vouch-config").path("data").path("vouch.json").asString());
    }
}
