package dev.linprobe.pipeline;

import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectInfo;
import dev.linprobe.storage.ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * All feature vectors under a prefix, merged from their shards.
 *
 * @param ids image ids in first-seen shard order
 * @param features row-major [ids.size(), D]
 * @param extractor the extractor every shard agrees on
 * @param shardKeys the shards read, sorted
 */
public record FeatureSet(List<String> ids, float[] features, ExtractorInfo extractor, List<String> shardKeys) {

    private static final Logger log = Logger.getLogger(FeatureSet.class);

    /** Returns the feature vector length. */
    public int dimension() {
        return extractor.dimension();
    }

    /**
     * Reads every {@code .safetensors} shard under {@code prefix}. When an id appears in several
     * shards, the shard with the later key wins, with one warning.
     *
     * @throws IllegalArgumentException when there are no shards, or shards disagree on the extractor
     *     or the dimension; the message names both shards
     */
    public static FeatureSet load(ObjectStore store, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        for (ObjectInfo object : store.list(bucket, prefix)) {
            if (object.key().endsWith(".safetensors")) {
                keys.add(object.key());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no feature shards under s3://" + bucket + "/" + prefix
                    + ": extract features of the labelled images first");
        }

        Map<String, float[]> rows = new LinkedHashMap<>();
        ExtractorInfo extractor = null;
        String firstKey = null;
        int duplicates = 0;
        for (String key : keys) {
            String source = "s3://" + bucket + "/" + key;
            FeatureShard shard = FeatureShard.decode(store.get(bucket, key), source);
            if (extractor == null) {
                extractor = shard.extractor();
                firstKey = source;
            } else if (!extractor.compatibleWith(shard.extractor())) {
                throw new IllegalArgumentException("feature shards disagree on the extractor: " + firstKey + " vs "
                        + source + " differ in " + extractor.describeDifference(shard.extractor())
                        + ". Delete the shards of the other model under s3://" + bucket + "/" + prefix
                        + " or extract all images again with one model.");
            }
            int dimension = shard.dimension();
            for (int i = 0; i < shard.size(); i++) {
                float[] row = new float[dimension];
                System.arraycopy(shard.features(), i * dimension, row, 0, dimension);
                if (rows.put(shard.ids().get(i), row) != null) {
                    duplicates++;
                }
            }
        }

        if (duplicates > 0) {
            log.warnv("{0} image ids appear in more than one shard under s3://{1}/{2}; the shard with the later key wins",
                    duplicates, bucket, prefix);
        }

        int dimension = extractor.dimension();
        float[] features = new float[rows.size() * dimension];
        int index = 0;
        for (float[] row : rows.values()) {
            System.arraycopy(row, 0, features, index++ * dimension, dimension);
        }
        return new FeatureSet(List.copyOf(rows.keySet()), features, extractor, List.copyOf(keys));
    }
}
