package dev.linprobe.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.image.PreprocessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalog of pretrained models, read from {@code catalog.json} in the core jar. */
public final class ModelCatalog {

    private static final String RESOURCE = "/dev/linprobe/catalog/catalog.json";

    private final Map<String, CatalogEntry> entries;
    private final String defaultModel;

    private ModelCatalog(Map<String, CatalogEntry> entries, String defaultModel) {
        this.entries = entries;
        this.defaultModel = defaultModel;
    }

    /** Loads the catalog shipped with linprobe. */
    public static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("model catalog " + RESOURCE + " is missing from the classpath");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the model catalog " + RESOURCE, e);
        }
    }

    static ModelCatalog parse(JsonNode root) {
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        for (JsonNode node : root.path("models")) {
            int inputSize = node.path("inputSize").asInt();
            PreprocessSpec spec = new PreprocessSpec(node.path("resize").asInt(), node.path("crop").asInt(),
                    floats(node.path("mean")), floats(node.path("std")));
            if (spec.cropSize() != inputSize) {
                throw new IllegalStateException("catalog entry " + node.path("name").asText() + ": crop "
                        + spec.cropSize() + " must equal inputSize " + inputSize);
            }
            CatalogEntry entry = new CatalogEntry(
                    node.path("name").asText(),
                    node.path("description").asText(""),
                    URI.create(node.path("url").asText()),
                    node.path("fileName").asText(),
                    textOrNull(node.path("sha256")),
                    spec,
                    textOrNull(node.path("featureLayer")),
                    node.path("featureDimension").asInt());
            entries.put(entry.name(), entry);
        }
        String defaultModel = root.path("defaultModel").asText();
        if (!entries.containsKey(defaultModel)) {
            throw new IllegalStateException("catalog defaultModel '" + defaultModel + "' is not one of " + entries.keySet());
        }
        return new ModelCatalog(entries, defaultModel);
    }

    /** Returns whether the catalog has a model of this name. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * Returns the entry of this name.
     *
     * @throws IllegalArgumentException naming the value and listing the known names
     */
    public CatalogEntry entry(String name) {
        CatalogEntry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + entries.keySet()
                    + ", or the path of a local .onnx file");
        }
        return entry;
    }

    /** Returns the entry used when no model is named. */
    public CatalogEntry defaultEntry() {
        return entries.get(defaultModel);
    }

    /** Returns all entries in catalog order. */
    public List<CatalogEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
