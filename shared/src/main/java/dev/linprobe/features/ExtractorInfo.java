package dev.linprobe.features;

import dev.linprobe.image.PreprocessSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Identity of a feature extractor: which network, which layer and which preprocessing produced a
 * feature vector. Features are comparable only when all of these agree.
 *
 * @param name catalog name of the model, or the file name of a local model
 * @param sha256 lowercase hex SHA-256 of the ONNX file
 * @param featureLayer the tensor the features were read from, before dequantizing and flattening
 * @param dimension length of each feature vector
 * @param preprocess how images were turned into the network's input
 */
public record ExtractorInfo(String name, String sha256, String featureLayer, int dimension, PreprocessSpec preprocess) {

    /** Checks that every field is present and the dimension is positive. */
    public ExtractorInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("extractor name must not be blank");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("extractor sha256 must be 64 lowercase hex digits, found " + sha256);
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("feature dimension must be positive, found " + dimension);
        }
    }

    /** Returns whether features from this extractor can be mixed with features from {@code other}. */
    public boolean compatibleWith(ExtractorInfo other) {
        return sha256.equals(other.sha256)
                && featureLayer.equals(other.featureLayer)
                && dimension == other.dimension
                && preprocess.equals(other.preprocess);
    }

    /** Describes how this extractor differs from {@code other}, for error messages. */
    public String describeDifference(ExtractorInfo other) {
        StringBuilder out = new StringBuilder();
        if (!sha256.equals(other.sha256)) {
            out.append("model ").append(name).append(" (sha256 ").append(sha256, 0, 12).append(") vs ")
                    .append(other.name).append(" (sha256 ").append(other.sha256, 0, 12).append("); ");
        }
        if (!featureLayer.equals(other.featureLayer)) {
            out.append("feature layer ").append(featureLayer).append(" vs ").append(other.featureLayer).append("; ");
        }
        if (dimension != other.dimension) {
            out.append("dimension ").append(dimension).append(" vs ").append(other.dimension).append("; ");
        }
        if (!preprocess.equals(other.preprocess)) {
            out.append("preprocessing [").append(preprocess).append("] vs [").append(other.preprocess).append("]; ");
        }
        return out.isEmpty() ? "none" : out.substring(0, out.length() - 2);
    }

    /** Encodes this identity as flat string metadata under the given key prefix. */
    public Map<String, String> toMetadata(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(prefix + "name", name);
        out.put(prefix + "sha256", sha256);
        out.put(prefix + "feature_layer", featureLayer);
        out.put(prefix + "dimension", Integer.toString(dimension));
        out.put(prefix + "resize", Integer.toString(preprocess.resizeShorter()));
        out.put(prefix + "crop", Integer.toString(preprocess.cropSize()));
        out.put(prefix + "mean", joinFloats(preprocess.mean()));
        out.put(prefix + "std", joinFloats(preprocess.std()));
        return out;
    }

    /**
     * Decodes an identity written by {@link #toMetadata(String)}.
     *
     * @throws IllegalArgumentException naming the missing or invalid key
     */
    public static ExtractorInfo fromMetadata(Map<String, String> metadata, String prefix) {
        PreprocessSpec spec = new PreprocessSpec(
                parseInt(metadata, prefix + "resize"),
                parseInt(metadata, prefix + "crop"),
                parseFloats(metadata, prefix + "mean"),
                parseFloats(metadata, prefix + "std"));
        return new ExtractorInfo(
                require(metadata, prefix + "name"),
                require(metadata, prefix + "sha256"),
                require(metadata, prefix + "feature_layer"),
                parseInt(metadata, prefix + "dimension"),
                spec);
    }

    private static String require(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata key '" + key + "' is missing");
        }
        return value;
    }

    private static int parseInt(Map<String, String> metadata, String key) {
        String value = require(metadata, key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata key '" + key + "' must be an integer, found '" + value + "'", e);
        }
    }

    private static float[] parseFloats(Map<String, String> metadata, String key) {
        String[] parts = require(metadata, key).split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("metadata key '" + key + "' must be comma-separated numbers, found '"
                        + metadata.get(key) + "'", e);
            }
        }
        return out;
    }

    private static String joinFloats(float[] values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(String.format(Locale.ROOT, "%s", Float.toString(values[i])));
        }
        return out.toString();
    }
}
