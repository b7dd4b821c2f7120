package dev.linprobe.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.shard.Safetensors;
import dev.linprobe.shard.ShardFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted softmax classifier over feature vectors: {@code softmax(W * standardise(x) + b)}.
 *
 * <p>Saved as safetensors with tensors {@code weight} [K, D], {@code bias} [K] and, when the features
 * were standardised, {@code feature_mean} and {@code feature_std} [D]; metadata keys {@code format}
 * ({@code linprobe-model}), {@code format_version}, {@code classes} (JSON array), {@code extractor.*},
 * {@code config} (JSON of the hyperparameters) and {@code training} (JSON summary of the run).
 *
 * @param classNames class names in index order
 * @param dimension D, the feature length the model takes
 * @param weights row-major [K, D]
 * @param bias [K]
 * @param featureMean per-feature means subtracted before the linear layer, or null
 * @param featureStd per-feature scales divided by before the linear layer, or null
 * @param extractor the feature extractor the model was trained on, or null before it is attached
 * @param metadata free-form provenance, for example {@code config} and {@code training} as JSON
 */
public record SoftmaxModel(
        List<String> classNames,
        int dimension,
        float[] weights,
        float[] bias,
        float[] featureMean,
        float[] featureStd,
        ExtractorInfo extractor,
        Map<String, String> metadata) {

    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "linprobe-model";

    /** The model format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks that every array matches the class count and dimension. */
    public SoftmaxModel {
        classNames = List.copyOf(classNames);
        metadata = Map.copyOf(metadata);
        int classes = classNames.size();
        if (weights.length != classes * dimension || bias.length != classes) {
            throw new IllegalArgumentException("a model of " + classes + " classes and dimension " + dimension
                    + " needs " + classes * dimension + " weights and " + classes + " biases, found "
                    + weights.length + " and " + bias.length);
        }
        if ((featureMean == null) != (featureStd == null)
                || (featureMean != null && (featureMean.length != dimension || featureStd.length != dimension))) {
            throw new IllegalArgumentException("feature mean and std must both be absent or both have " + dimension + " values");
        }
        if (extractor != null && extractor.dimension() != dimension) {
            throw new IllegalArgumentException("extractor dimension " + extractor.dimension()
                    + " differs from the model dimension " + dimension);
        }
    }

    /** Returns a copy that records the extractor and extra provenance. */
    public SoftmaxModel withProvenance(ExtractorInfo info, Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.putAll(extra);
        return new SoftmaxModel(classNames, dimension, weights, bias, featureMean, featureStd, info, merged);
    }

    /** Returns the number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /**
     * Computes class probabilities for {@code count} rows of a row-major [count, D] matrix.
     *
     * @return row-major [count, K] probabilities
     */
    public float[] probabilities(float[] features, int count) {
        if ((long) count * dimension != features.length) {
            throw new IllegalArgumentException("expected " + count + " x " + dimension + " feature values, found " + features.length);
        }
        int classes = classNames.size();
        float[] out = new float[count * classes];
        double[] logits = new double[classes];
        double[] row = new double[dimension];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < dimension; j++) {
                double value = features[i * dimension + j];
                row[j] = featureMean == null ? value : (value - featureMean[j]) / featureStd[j];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double z = bias[k];
                for (int j = 0; j < dimension; j++) {
                    z += weights[k * dimension + j] * row[j];
                }
                logits[k] = z;
                max = Math.max(max, z);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                logits[k] = Math.exp(logits[k] - max);
                sum += logits[k];
            }
            for (int k = 0; k < classes; k++) {
                out[i * classes + k] = (float) (logits[k] / sum);
            }
        }
        return out;
    }

    /** Predicts the class index of each of {@code count} rows; ties go to the lowest index. */
    public int[] predict(float[] features, int count) {
        float[] probabilities = probabilities(features, count);
        int classes = classNames.size();
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probabilities[i * classes + k] > probabilities[i * classes + best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Encodes this model as safetensors bytes. */
    public byte[] encode() {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight", new Safetensors.Tensor(new long[] {classNames.size(), dimension}, weights));
        tensors.put("bias", new Safetensors.Tensor(new long[] {classNames.size()}, bias));
        if (featureMean != null) {
            tensors.put("feature_mean", new Safetensors.Tensor(new long[] {dimension}, featureMean));
            tensors.put("feature_std", new Safetensors.Tensor(new long[] {dimension}, featureStd));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(FORMAT_VERSION));
        try {
            meta.put("classes", JSON.writeValueAsString(classNames));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode class names", e);
        }
        if (extractor != null) {
            meta.putAll(extractor.toMetadata("extractor."));
        }
        return Safetensors.write(tensors, meta);
    }

    /**
     * Decodes a model written by {@link #encode()}.
     *
     * @throws ShardFormatException when the bytes are not a model of a supported version
     */
    public static SoftmaxModel decode(byte[] bytes, String source) {
        Safetensors.Contents contents = Safetensors.read(bytes, source);
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ShardFormatException(source + ": not a linprobe model: metadata format is '" + meta.get("format")
                    + "', expected '" + FORMAT + "'");
        }
        if (!Integer.toString(FORMAT_VERSION).equals(meta.get("format_version"))) {
            throw new ShardFormatException(source + ": model format version " + meta.get("format_version")
                    + " is not supported; this linprobe reads version " + FORMAT_VERSION + ". Train the model again.");
        }
        Safetensors.Tensor weight = contents.tensors().get("weight");
        Safetensors.Tensor bias = contents.tensors().get("bias");
        if (weight == null || bias == null || weight.shape().length != 2) {
            throw new ShardFormatException(source + ": model needs a 2-dimensional 'weight' and a 'bias' tensor");
        }
        Safetensors.Tensor mean = contents.tensors().get("feature_mean");
        Safetensors.Tensor std = contents.tensors().get("feature_std");
        try {
            List<String> classes = JSON.readValue(meta.getOrDefault("classes", "null"), new TypeReference<>() {});
            if (classes == null) {
                throw new ShardFormatException(source + ": model metadata has no 'classes'");
            }
            ExtractorInfo info = meta.containsKey("extractor.name") ? ExtractorInfo.fromMetadata(meta, "extractor.") : null;
            meta.keySet().removeIf(key -> key.startsWith("extractor.") || key.equals("classes")
                    || key.equals("format") || key.equals("format_version"));
            return new SoftmaxModel(classes, (int) weight.shape()[1], weight.values(), bias.values(),
                    mean == null ? null : mean.values(), std == null ? null : std.values(), info, meta);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ShardFormatException(source + ": invalid model: " + e.getMessage(), e);
        }
    }
}
