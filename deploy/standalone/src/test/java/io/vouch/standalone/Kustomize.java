package io.vouch.standalone;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset of kustomize that {@code k8s/} uses:
 * {@code resources} (files and directories), {@code namespace}, {@code labels} (metadata only), {@code images} and
 * {@code patches} given as inline JSON 6902 operations with a {@code kind}/{@code name} target. Any other field fails
 * loudly, so a manifest change that needs more is noticed rather than rendered wrongly.
 */
final class Kustomize {
    static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches");

    private Kustomize() {
    }

    /** Every document of a multi-document YAML file, empty documents skipped. */
    static List<ObjectNode> readAll(Path file) {
        List<ObjectNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc instanceof ObjectNode o) {
                    out.add(o);
                } else if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping");
                }
            }
        }
        return out;
    }

    /** The rendered resources of the kustomization in {@code dir}. */
    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        ObjectNode k = readAll(file).getFirst();
        k.propertyNames().forEach(f -> {
            if (!SUPPORTED.contains(f)) {
                throw new IllegalArgumentException(file + ": kustomization field not supported by this check: " + f);
            }
        });
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asString()).normalize();
            out.addAll(p.toFile().isDirectory() ? build(p) : readAll(p));
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(file, patch, out);
        }
        if (k.has("namespace")) {
            out.forEach(d -> metadata(d).put("namespace", k.get("namespace").asString()));
        }
        for (JsonNode l : k.path("labels")) {
            if (l.path("includeSelectors").asBoolean(false) || l.path("includeTemplates").asBoolean(false)) {
                throw new IllegalArgumentException(file + ": labels on selectors or templates are not supported");
            }
            out.forEach(d -> l.path("pairs").properties().forEach(e -> labels(d).set(e.getKey(), e.getValue())));
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(d -> setImage(d, image));
        }
        return out;
    }

    private static void applyPatch(Path file, JsonNode patch, List<ObjectNode> docs) {
        if (patch.has("path") || !patch.has("patch")) {
            throw new IllegalArgumentException(file + ": only inline patches are supported");
        }
        JsonNode ops = YAML.readTree(patch.get("patch").asString());
        if (!ops.isArray()) {
            throw new IllegalArgumentException(file + ": only JSON 6902 patches (a list of operations) are supported");
        }
        JsonNode target = patch.path("target");
        int matched = 0;
        for (ObjectNode d : docs) {
            boolean kind = !target.has("kind") || target.get("kind").asString().equals(d.path("kind").asString());
            boolean name = !target.has("name")
                    || target.get("name").asString().equals(d.path("metadata").path("name").asString());
            if (kind && name) {
                matched++;
                ops.forEach(op -> apply(d, op));
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException(file + ": patch target matches no resource: " + target);
        }
    }

    /** One JSON 6902 operation ({@code add}, {@code replace}, {@code remove}). */
    private static void apply(ObjectNode doc, JsonNode op) {
        JsonPointer ptr = JsonPointer.compile(op.path("path").asString());
        JsonNode parent = doc.at(ptr.head());
        String last = ptr.last().getMatchingProperty();
        String kind = op.path("op").asString();
        if (parent instanceof ObjectNode o) {
            if (!kind.equals("add") && !o.has(last)) {
                throw new IllegalArgumentException("patch path does not exist: " + ptr);
            }
            if (kind.equals("remove")) {
                o.remove(last);
            } else {
                o.set(last, op.get("value"));
            }
        } else if (parent instanceof ArrayNode a) {
            int i = last.equals("-") ? a.size() : Integer.parseInt(last);
            switch (kind) {
                case "remove" -> a.remove(i);
                case "replace" -> a.set(i, op.get("value"));
                case "add" -> a.insert(i, op.get("value"));
                default -> throw new IllegalArgumentException("unsupported patch op: " + kind);
            }
        } else {
            throw new IllegalArgumentException("patch path has no parent: " + ptr);
        }
    }

    private static void setImage(ObjectNode doc, JsonNode image) {
        JsonNode podSpec = doc.path("spec").path("template").path("spec");
        for (String field : List.of("containers", "initContainers")) {
            for (JsonNode c : podSpec.path(field)) {
                String current = c.path("image").asString();
                String name = current.contains(":") ? current.substring(0, current.indexOf(':')) : current;
                if (name.equals(image.path("name").asString())) {
                    String newName = image.path("newName").asString(name);
                    String tag = image.has("newTag") ? ":" + image.get("newTag").asString()
                            : current.substring(name.length());
                    ((ObjectNode) c).put("image", newName + tag);
                }
            }
        }
    }

    private static ObjectNode metadata(ObjectNode doc) {
        return doc.has("metadata") ? (ObjectNode) doc.get("metadata") : doc.putObject("metadata");
    }

    private static ObjectNode labels(ObjectNode doc) {
        ObjectNode m = metadata(doc);
        return m.has("labels") ? (ObjectNode) m.get("labels") : m.putObject("labels");
    }

    /** The repository root, from the module directory the tests run in. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("k8s"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root with k8s/ not found above " + new File("").getAbsolutePath());
        }
        return p;
    }
}
