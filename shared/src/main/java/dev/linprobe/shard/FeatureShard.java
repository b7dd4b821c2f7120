package dev.linprobe.shard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.features.ExtractorInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A batch of feature vectors with their image ids and the extractor that produced them.
 *
 * <p>Stored as safetensors: one float32 tensor {@code features} of shape [N, D], and metadata keys
 * {@code format} ({@code linprobe-feature-shard}), {@code format_version}, {@code ids} (a JSON array
 * of N strings, row order) and {@code extractor.*} (see {@link ExtractorInfo#toMetadata}).
 *
 * @param ids image ids, one per row, unique
 * @param features row-major [N, D] values
 */
public record FeatureShard(List<String> ids, float[] features, ExtractorInfo extractor) {

    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "linprobe-feature-shard";

    /** The shard format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks ids for uniqueness and the vector length against the extractor's dimension. */
    public FeatureShard {
        ids = List.copyOf(ids);
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("shard ids must be unique, found '" + id + "' twice");
            }
        }
        long expected = (long) ids.size() * extractor.dimension();
        if (features.length != expected) {
            throw new IllegalArgumentException("features must hold " + ids.size() + " x " + extractor.dimension()
                    + " = " + expected + " values, found " + features.length);
        }
    }

    /** Returns the number of feature vectors. */
    public int size() {
        return ids.size();
    }

    /** Returns the length of each feature vector. */
    public int dimension() {
        return extractor.dimension();
    }

    /**
     * Returns the object name of this shard, derived from its ids alone, so a retried batch with the
     * same images replaces its own shard: {@code shard-<first 20 hex digits of SHA-256 of the sorted ids>.safetensors}.
     */
    public String fileName() {
        return fileNameFor(ids);
    }

    /** Returns the shard file name for a set of image ids; see {@link #fileName()}. */
    public static String fileNameFor(List<String> ids) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String id : new TreeSet<>(ids)) {
                digest.update(id.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return "shard-" + HexFormat.of().formatHex(digest.digest()).substring(0, 20) + ".safetensors";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Encodes this shard as safetensors bytes. */
    public byte[] encode() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", Integer.toString(FORMAT_VERSION));
        try {
            metadata.put("ids", JSON.writeValueAsString(ids));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode shard ids", e);
        }
        metadata.putAll(extractor.toMetadata("extractor."));
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("features", new Safetensors.Tensor(new long[] {ids.size(), extractor.dimension()}, features));
        return Safetensors.write(tensors, metadata);
    }

    /**
     * Decodes a shard written by {@link #encode()}.
     *
     * @param source names the shard in error messages, for example {@code s3://bucket/key}
     * @throws ShardFormatException when the bytes are not a valid shard of a supported version
     */
    public static FeatureShard decode(byte[] bytes, String source) {
        Safetensors.Contents contents = Safetensors.read(bytes, source);
        Map<String, String> metadata = contents.metadata();
        if (!FORMAT.equals(metadata.get("format"))) {
            throw new ShardFormatException(source + ": not a feature shard: metadata format is '"
                    + metadata.get("format") + "', expected '" + FORMAT + "'");
        }
        String version = metadata.get("format_version");
        if (!Integer.toString(FORMAT_VERSION).equals(version)) {
            throw new ShardFormatException(source + ": shard format version " + version + " is not supported; this "
                    + "linprobe reads version " + FORMAT_VERSION + ". Extract the features again with this version.");
        }
        Safetensors.Tensor tensor = contents.tensors().get("features");
        if (tensor == null || tensor.shape().length != 2) {
            throw new ShardFormatException(source + ": shard needs a 2-dimensional 'features' tensor");
        }
        try {
            List<String> ids = JSON.readValue(metadata.getOrDefault("ids", "null"), new TypeReference<>() {});
            ExtractorInfo extractor = ExtractorInfo.fromMetadata(metadata, "extractor.");
            if (ids == null || ids.size() != tensor.shape()[0] || extractor.dimension() != tensor.shape()[1]) {
                throw new ShardFormatException(source + ": shard metadata (" + (ids == null ? 0 : ids.size())
                        + " ids, dimension " + extractor.dimension() + ") does not match its features tensor ["
                        + tensor.shape()[0] + ", " + tensor.shape()[1] + "]");
            }
            return new FeatureShard(ids, tensor.values(), extractor);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ShardFormatException(source + ": invalid shard metadata: " + e.getMessage(), e);
        }
    }
}
