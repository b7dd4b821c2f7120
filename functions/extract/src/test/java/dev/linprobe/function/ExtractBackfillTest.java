package dev.linprobe.function;

import static dev.linprobe.function.ExtractFixtures.deleteAll;
import static dev.linprobe.function.ExtractFixtures.extract;
import static dev.linprobe.function.ExtractFixtures.keys;
import static dev.linprobe.function.ExtractFixtures.pngs;
import static dev.linprobe.function.ExtractFixtures.readShard;
import static dev.linprobe.function.ExtractFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Extracts every image under a prefix with a batch size of 8, so that one call writes several shards. */
@QuarkusTest
@TestProfile(ExtractBackfillTest.SmallBatches.class)
class ExtractBackfillTest {

    static final int BATCH_SIZE = 8;

    /** Sets {@code linprobe.extract-batch-size} to {@link #BATCH_SIZE}. */
    public static class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("linprobe.extract-batch-size", Integer.toString(BATCH_SIZE));
        }
    }

    @Inject
    ObjectStore store;

    @Inject
    LinprobeConfig config;

    @Inject
    BucketLayout layout;

    @Inject
    FeatureExtractor extractor;

    @Test
    void backfill_prefix_writesShardPerBatch() {
        String bucket = config.bucket();
        deleteAll(store, bucket, layout.datasetsPrefix() + "backfill/");
        String images = layout.dataset("backfill").imagesPrefix();
        String features = layout.dataset("backfill").featuresPrefixFor(extractor.info().name());
        List<Path> files = pngs().subList(0, 20);
        Set<String> expectedIds = new TreeSet<>();
        for (int i = 0; i < files.size(); i++) {
            String folder = i % 2 == 0 ? "tops/" : "shoes/";
            String id = "item " + i;
            store.putFile(bucket, images + folder + id + ".png", files.get(i), "image/png");
            expectedIds.add(id);
        }
        store.put(bucket, images + "README.txt", "not an image".getBytes(StandardCharsets.UTF_8), "text/plain");
        String call = "{\"bucket\":\"" + bucket + "\",\"prefix\":\"" + images + "\"}";

        JsonNode response = extract(call);

        assertEquals(20, response.path("extracted").asInt(), response.toString());
        assertEquals(1, response.path("ignored").asInt(), response.toString());
        assertEquals(0, response.path("failed").asInt(), response.toString());
        List<String> shardKeys = strings(response.path("shards"));
        assertEquals(3, shardKeys.size(), response.toString());
        assertEquals(new TreeSet<>(shardKeys), new TreeSet<>(keys(store, bucket, features)));
        List<Integer> sizes = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (String key : shardKeys) {
            FeatureShard shard = readShard(store, bucket, key);
            sizes.add(shard.size());
            ids.addAll(shard.ids());
            assertEquals(1280, shard.dimension(), key);
        }
        assertEquals(List.of(8, 8, 4), sizes);
        assertEquals(expectedIds, ids);

        JsonNode again = extract(call);

        assertEquals(response.path("shards"), again.path("shards"));
        assertEquals(3, keys(store, bucket, features).size());
        assertTrue(again.path("failureReports").isEmpty(), again.toString());
    }
}
