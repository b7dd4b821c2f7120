package dev.linprobe.service;

import dev.linprobe.catalog.CatalogEntry;
import dev.linprobe.catalog.ModelCache;
import dev.linprobe.catalog.ModelCatalog;
import dev.linprobe.features.ExecutionDevice;
import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.features.FeatureExtractor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens the feature extractor a trained model needs, and keeps it open for later calls.
 *
 * <p>The network file comes from the deployment's own model when its checksum matches, else from
 * the catalog entry of the same name. Any other file is rejected, since features of another network
 * or preprocessing would not fit the model's weights.
 */
public final class ExtractorProvider implements AutoCloseable {

    private final ModelCatalog catalog;
    private final ModelCache cache;
    private final ExtractorSpec configured;
    private final ExecutionDevice device;
    private final Map<ExtractorInfo, FeatureExtractor> open = new HashMap<>();

    /**
     * Creates a provider.
     *
     * @param configured the deployment's model, tried first, or null
     */
    public ExtractorProvider(ModelCatalog catalog, ModelCache cache, ExtractorSpec configured, ExecutionDevice device) {
        this.catalog = catalog;
        this.cache = cache;
        this.configured = configured;
        this.device = device;
    }

    /**
     * Returns an open extractor that reproduces {@code trained}.
     *
     * @throws IllegalArgumentException when no available network file matches the trained checksum
     */
    public synchronized FeatureExtractor forModel(ExtractorInfo trained, String modelSource) {
        FeatureExtractor existing = open.get(trained);
        if (existing != null) {
            return existing;
        }
        Path file;
        if (configured != null && configured.sha256().equals(trained.sha256())) {
            file = configured.modelFile();
        } else if (catalog.contains(trained.name())) {
            CatalogEntry entry = catalog.entry(trained.name());
            file = cache.resolve(entry);
            String sha = ModelCache.sha256(file);
            if (!sha.equals(trained.sha256())) {
                throw new IllegalArgumentException("model " + modelSource + " was trained on features of " + trained.name()
                        + " with sha256 " + trained.sha256() + ", but the catalog's file has sha256 " + sha
                        + ": train again, or deploy the network file the model was trained with");
            }
        } else {
            throw new IllegalArgumentException("model " + modelSource + " was trained on features of '" + trained.name()
                    + "', which is neither this deployment's model nor in the catalog: configure linprobe.model with that network file");
        }
        ExtractorSpec spec = new ExtractorSpec(trained.name(), file, trained.sha256(), trained.preprocess(),
                trained.featureLayer(), trained.dimension());
        FeatureExtractor extractor = FeatureExtractor.open(spec, device);
        open.put(trained, extractor);
        return extractor;
    }

    /** Closes every extractor opened so far. */
    @Override
    public synchronized void close() {
        open.values().forEach(FeatureExtractor::close);
        open.clear();
    }
}
