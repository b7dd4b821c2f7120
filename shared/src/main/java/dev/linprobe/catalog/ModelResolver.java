package dev.linprobe.catalog;

import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.image.PreprocessOverride;
import dev.linprobe.image.PreprocessSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the value of {@code --model} (a catalog name or the path of a local ONNX file) into an
 * {@link ExtractorSpec}, downloading catalog models into the cache as needed.
 */
public final class ModelResolver {

    private final ModelCatalog catalog;
    private final ModelCache cache;

    /** Creates a resolver over a catalog and a cache. */
    public ModelResolver(ModelCatalog catalog, ModelCache cache) {
        this.catalog = catalog;
        this.cache = cache;
    }

    /**
     * Resolves a model.
     *
     * @param model a catalog name, a path to an .onnx file, or null for the catalog's default
     * @param preprocess changes to the preprocessing: of the catalog entry for a catalog model, of
     *     ImageNet's (resize 256, crop 224) for a local file
     * @param featureLayer tensor to read features from, or null for the catalog's choice or the last
     *     global average pool
     * @throws IllegalArgumentException when the value is neither a catalog name nor an existing file
     */
    public ExtractorSpec resolve(String model, PreprocessOverride preprocess, String featureLayer) {
        if (model == null || catalog.contains(model)) {
            CatalogEntry entry = model == null ? catalog.defaultEntry() : catalog.entry(model);
            Path file = cache.resolve(entry);
            String sha256 = entry.sha256() != null ? entry.sha256() : ModelCache.sha256(file);
            String layer = featureLayer != null ? featureLayer : entry.featureLayer();
            int expected = featureLayer != null ? 0 : entry.featureDimension();
            return new ExtractorSpec(entry.name(), file, sha256, preprocess.apply(entry.preprocess()), layer, expected);
        }
        Path file = Path.of(model);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown model '" + model + "': expected one of "
                    + catalog.entries().stream().map(CatalogEntry::name).toList() + ", or the path of an existing .onnx file");
        }
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        return new ExtractorSpec(name, file.toAbsolutePath(), ModelCache.sha256(file),
                preprocess.apply(PreprocessSpec.IMAGENET), featureLayer, 0);
    }
}
