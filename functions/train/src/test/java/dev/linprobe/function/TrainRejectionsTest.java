package dev.linprobe.function;

import static dev.linprobe.function.TrainFixtures.json;
import static dev.linprobe.function.TrainFixtures.keys;
import static dev.linprobe.function.TrainFixtures.resource;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.Layout;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invocations that the train function rejects with status 400 before it writes a run. */
@QuarkusTest
@TestProfile(TrainTestProfile.class)
class TrainRejectionsTest {

    @Inject
    ObjectStore store;

    @Inject
    FeatureExtractor extractor;

    @Inject
    BucketLayout layout;

    @Inject
    LinprobeConfig config;

    @Test
    void train_unknownOption_rejectedByName() {
        Layout data = writeDataset("unknown-option");

        JsonNode error = postRejected("{\"dataset\": \"unknown-option\", \"options\": {\"epochs\": 5, \"learning_rate\": 0.1}}");

        assertEquals("MalformedEvent", error.get("type").asText());
        assertTrue(error.get("error").asText().contains("unknown training option 'learning_rate'"), error.toString());
        assertTrue(error.get("error").asText().contains("learningRate"), error.toString());
        assertEquals(List.of(), keys(store, bucket(), data.runsPrefix()));
    }

    @Test
    void train_wronglyTypedOption_rejectedByName() {
        Layout data = writeDataset("typed-options");
        String[][] cases = {
            {"\"epochs\": \"5\"", "option epochs must be an integer"},
            {"\"epochs\": 5.5", "option epochs must be an integer"},
            {"\"optimizer\": 1", "option optimizer must be a string"},
            {"\"learningRate\": \"fast\"", "option learningRate must be a number"},
            {"\"standardize\": \"yes\"", "option standardize must be true or false"},
        };

        for (String[] c : cases) {
            JsonNode error = postRejected("{\"dataset\": \"typed-options\", \"options\": {" + c[0] + "}}");

            assertEquals("MalformedEvent", error.get("type").asText(), c[0]);
            assertTrue(error.get("error").asText().contains(c[1]), c[0] + " gave " + error);
        }
        assertEquals(List.of(), keys(store, bucket(), data.runsPrefix()));
    }

    @Test
    void train_optionOutOfRange_rejected() {
        Layout data = writeDataset("range-options");

        JsonNode error = postRejected("{\"dataset\": \"range-options\", \"options\": {\"optimizer\": \"adam\"}}");

        assertTrue(error.get("error").asText().contains("unknown optimizer 'adam'"), error.toString());
        assertEquals(List.of(), keys(store, bucket(), data.runsPrefix()));
    }

    @Test
    void train_shardsOfTwoExtractors_rejectedNamingBoth() {
        Layout data = writeDataset("mixed-extractors");
        List<FeatureShard> shards = TrainFixtures.shards(store, bucket(), extractor);
        FeatureShard replaced = shards.get(shards.size() - 1);
        ExtractorInfo real = extractor.info();
        ExtractorInfo other = new ExtractorInfo("resnet18-v1-7", "ab".repeat(32), real.featureLayer(), real.dimension(),
                real.preprocess());
        String shardPrefix = data.featuresPrefixFor(real.name());
        String firstKey = shardPrefix + shards.get(0).fileName();
        String otherKey = shardPrefix + "shard-zz-other-extractor.safetensors";
        store.delete(bucket(), shardPrefix + replaced.fileName());
        store.put(bucket(), otherKey, new FeatureShard(replaced.ids(), replaced.features(), other).encode(),
                "application/octet-stream");

        JsonNode error = postRejected("{\"dataset\": \"mixed-extractors\"}");

        String message = error.get("error").asText();
        assertTrue(message.contains("feature shards disagree on the extractor"), message);
        assertTrue(message.contains("s3://" + bucket() + "/" + firstKey), message);
        assertTrue(message.contains("s3://" + bucket() + "/" + otherKey), message);
        assertEquals(List.of(), keys(store, bucket(), data.runsPrefix()));
    }

    @Test
    void train_labelsWithoutFeatures_rejectedWithJoinSummary() {
        Layout data = writeDataset("ids-with-extension");
        String labels = new String(TrainFixtures.labelsCsv(store, bucket(), extractor), StandardCharsets.UTF_8)
                .replaceAll("(?m)^(train-\\d+),", "$1.png,");
        store.put(bucket(), data.labelsKey(), labels.getBytes(StandardCharsets.UTF_8), "text/csv");

        JsonNode error = postRejected("{\"dataset\": \"ids-with-extension\"}");

        String message = error.get("error").asText();
        int images = TrainFixtures.IMAGES;
        assertTrue(message.startsWith("no labelled image has features: "), message);
        assertTrue(message.contains("Matched 0 of " + images + " labelled ids in s3://" + bucket() + "/" + data.labelsKey()
                + " with " + images + " feature ids."), message);
        assertTrue(message.contains("write ids without the extension"), message);
        assertEquals(List.of(), keys(store, bucket(), data.runsPrefix()));
    }

    @Test
    void train_missingLabels_rejectedNamingKey() {
        Layout data = writeDataset("no-labels");
        store.delete(bucket(), data.labelsKey());

        JsonNode error = postRejected("{\"dataset\": \"no-labels\"}");

        assertTrue(error.get("error").asText().contains(data.labelsKey()), error.toString());
        assertEquals(List.of(), keys(store, bucket(), data.runsPrefix()));
    }

    /**
     * The train function has no S3 trigger, so an s3:TestEvent reaching it means a bucket
     * notification points at the wrong function. It is rejected as a malformed event, with the
     * accepted events in the message, instead of being acknowledged and hiding that wiring error.
     */
    @Test
    void train_s3TestEvent_rejected() {
        JsonNode error = postRejected(resource("/events/s3-test-event.json"));

        assertEquals("MalformedEvent", error.get("type").asText());
        assertTrue(error.get("error").asText().contains("EventBridge scheduled event"), error.toString());
    }

    @Test
    void train_directCallWithoutDataset_rejected() {
        JsonNode error = postRejected("{\"options\": {\"epochs\": 5}}");

        assertEquals("MalformedEvent", error.get("type").asText());
        assertTrue(error.get("error").asText().contains("\"dataset\""), error.toString());
    }

    /** Replaces data set {@code name} with the real labels and shards, and returns its layout. */
    private Layout writeDataset(String name) {
        Layout data = layout.dataset(name);
        TrainFixtures.deletePrefix(store, bucket(), layout.datasetsPrefix() + name + "/");
        store.put(bucket(), data.labelsKey(), TrainFixtures.labelsCsv(store, bucket(), extractor), "text/csv");
        String shardPrefix = data.featuresPrefixFor(extractor.info().name());
        for (FeatureShard shard : TrainFixtures.shards(store, bucket(), extractor)) {
            store.put(bucket(), shardPrefix + shard.fileName(), shard.encode(), "application/octet-stream");
        }
        return data;
    }

    private String bucket() {
        return config.bucket();
    }

    private static JsonNode postRejected(String body) {
        String response = given().contentType(ContentType.JSON).body(body)
                .when().post("/train")
                .then().statusCode(400).contentType(ContentType.JSON).extract().asString();
        return json(response);
    }
}
