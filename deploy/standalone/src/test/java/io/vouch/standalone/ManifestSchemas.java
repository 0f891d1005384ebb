package io.vouch.standalone;

import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates Kubernetes documents offline against the JSON schemas in the test resources ({@code k8s-schemas/}: the
 * built-in kinds of Kubernetes 1.35, strict, and the Strimzi, KEDA and Prometheus Operator CRDs).
 */
final class ManifestSchemas {
    private static final String CORE = "k8s-schemas/core/v1.35.4-standalone-strict/";
    private static final String CRDS = "k8s-schemas/crds/";
    private final SchemaRegistry registry;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Schema> cache = new ConcurrentHashMap<>();

    ManifestSchemas() {
        // the core files declare "http://json-schema.org/schema#": draft 4; x-kubernetes-* keywords are annotations
        Dialect k8s = Dialect.builder("http://json-schema.org/schema#", Dialects.getDraft4())
                .unknownKeywordFactory((name, ctx) -> new AnnotationKeyword(name))
                .build();
        registry = SchemaRegistry.withDefaultDialect(k8s);
    }

    /** The schema resource for a document's apiVersion and kind; a kind without one is an error. */
    static String schemaFor(String apiVersion, String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return CORE + k + "-" + apiVersion + ".json";
        }
        String group = apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        if (!group.contains(".") || group.endsWith(".k8s.io")) {
            return CORE + k + "-" + group.split("\\.")[0] + "-" + version + ".json";
        }
        return CRDS + group + "/" + k + "_" + version + ".json";
    }

    /** The schema errors of one document (empty when valid). */
    List<Error> validate(JsonNode doc) {
        String resource = schemaFor(doc.path("apiVersion").asString(), doc.path("kind").asString());
        Schema schema = cache.computeIfAbsent(resource, r -> {
            try (InputStream in = ManifestSchemas.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalArgumentException("no schema for " + doc.path("apiVersion").asString() + " "
                            + doc.path("kind").asString() + " (" + r + ")");
                }
                return registry.getSchema(json.readTree(in));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return schema.validate(doc);
    }
}
