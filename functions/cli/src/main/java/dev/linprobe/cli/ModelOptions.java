package dev.linprobe.cli;

import dev.linprobe.catalog.ModelCache;
import dev.linprobe.catalog.ModelCatalog;
import dev.linprobe.catalog.ModelResolver;
import dev.linprobe.features.ExecutionDevice;
import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.image.PreprocessOverride;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** Options that choose and configure the feature extractor. */
public class ModelOptions {

    @Option(names = "--model", paramLabel = "NAME|PATH",
            description = "Catalog model name or a local .onnx file (default: ${DEFAULT-VALUE}). 'linprobe models' lists the names.",
            defaultValue = "mobilenetv2-12-int8")
    String model;

    @Option(names = "--model-cache", paramLabel = "DIR",
            description = "Folder where catalog models are downloaded and looked up (default: $LINPROBE_MODEL_CACHE, else ~/.cache/linprobe/models).")
    Path modelCache;

    @Option(names = "--device", paramLabel = "cpu|cuda[:N]", defaultValue = "cpu",
            description = "Where ONNX Runtime runs: cpu, or cuda / cuda:N, which falls back to cpu with a warning when CUDA is unavailable (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--feature-layer", paramLabel = "TENSOR",
            description = "Tensor to read features from (default: the catalog's choice, else the last global average pool).")
    String featureLayer;

    @Option(names = "--resize", paramLabel = "N",
            description = "Shorter side after resizing, in pixels (default: the catalog entry's, 256 for a local model).")
    Integer resize;

    @Option(names = "--crop", paramLabel = "N",
            description = "Side of the center crop, the network's input size (default: the catalog entry's, 224 for a local model).")
    Integer crop;

    @Option(names = "--mean", paramLabel = "R,G,B", split = ",",
            description = "Channel means subtracted after scaling to [0,1] (default: the catalog entry's, ImageNet's for a local model).")
    float[] mean;

    @Option(names = "--std", paramLabel = "R,G,B", split = ",",
            description = "Channel standard deviations divided by (default: the catalog entry's, ImageNet's for a local model).")
    float[] std;

    @Option(names = "--extract-batch-size", paramLabel = "N", defaultValue = "64",
            description = "Images per network run and per feature shard (default: ${DEFAULT-VALUE}).")
    int extractBatchSize;

    /** Resolves the model, downloading a catalog model into the cache if needed. */
    ExtractorSpec resolve() {
        checkPreprocessing();
        ModelResolver resolver = new ModelResolver(ModelCatalog.load(), ModelCache.locate(modelCache));
        return resolver.resolve(model, new PreprocessOverride(resize, crop, mean, std), featureLayer);
    }

    /**
     * Checks the preprocessing options one by one, so that an error names the option. The core checks
     * the combined preprocessing again, such as a --crop larger than the catalog entry's resize.
     */
    private void checkPreprocessing() {
        if (resize != null && resize < 1) {
            throw new IllegalArgumentException("--resize must be at least 1, found " + resize);
        }
        if (crop != null && crop < 1) {
            throw new IllegalArgumentException("--crop must be at least 1, found " + crop);
        }
        if (resize != null && crop != null && crop > resize) {
            throw new IllegalArgumentException("--crop (" + crop + ") must not be larger than --resize (" + resize + ")");
        }
        checkChannels("--mean", mean);
        checkChannels("--std", std);
        if (std != null) {
            for (float value : std) {
                if (!(value > 0)) {
                    throw new IllegalArgumentException("--std values must be positive, found " + Arrays.toString(std));
                }
            }
        }
    }

    private static void checkChannels(String option, float[] values) {
        if (values != null && values.length != 3) {
            throw new IllegalArgumentException(option + " must have 3 values (R,G,B), found " + values.length + ": "
                    + Arrays.toString(values));
        }
    }

    /** Parses the device option. */
    ExecutionDevice executionDevice() {
        return ExecutionDevice.parse(device);
    }

    /** Checks the batch size. */
    int batchSize() {
        if (extractBatchSize < 1) {
            throw new IllegalArgumentException("--extract-batch-size must be at least 1, found " + extractBatchSize);
        }
        return extractBatchSize;
    }
}
