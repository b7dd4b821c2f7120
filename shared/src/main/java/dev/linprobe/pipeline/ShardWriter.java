package dev.linprobe.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FeatureExtraction.BatchSink} that writes one shard per batch under a prefix, and a
 * failure report {@code failures-<hash>.json} beside it for a batch with failed images. Both names
 * derive from the batch's content, so a retried batch replaces its own objects.
 */
public final class ShardWriter implements FeatureExtraction.BatchSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;
    private final ExtractorInfo extractor;
    private final List<String> shardKeys = new ArrayList<>();
    private final List<String> failureReportKeys = new ArrayList<>();

    /** Creates a writer of shards under {@code prefix} (which should end with {@code /}). */
    public ShardWriter(ObjectStore store, String bucket, String prefix, ExtractorInfo extractor) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix;
        this.extractor = extractor;
    }

    @Override
    public void accept(List<String> ids, List<String> keys, float[] features, List<Failure> failures) {
        if (!ids.isEmpty()) {
            FeatureShard shard = new FeatureShard(ids, features, extractor);
            String key = prefix + shard.fileName();
            store.put(bucket, key, shard.encode(), "application/octet-stream");
            shardKeys.add(key);
        }
        if (!failures.isEmpty()) {
            List<String> failedKeys = failures.stream().map(Failure::key).toList();
            String name = FeatureShard.fileNameFor(failedKeys).replace("shard-", "failures-").replace(".safetensors", ".json");
            store.put(bucket, prefix + name, failureReport(failures), "application/json");
            failureReportKeys.add(prefix + name);
        }
    }

    /** Encodes failures as a JSON object {@code {"failures":[{"key":..., "reason":...}]}}. */
    public static byte[] failureReport(List<Failure> failures) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("failures");
        for (Failure failure : failures) {
            list.addObject().put("key", failure.key()).put("reason", failure.reason()).put("retryable", failure.retryable());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode a failure report", e);
        }
    }

    /** Returns the keys of the shards written so far. */
    public List<String> shardKeys() {
        return List.copyOf(shardKeys);
    }

    /** Returns the keys of the failure reports written so far. */
    public List<String> failureReportKeys() {
        return List.copyOf(failureReportKeys);
    }
}
