package dev.linprobe.function;

import static dev.linprobe.function.PredictFixtures.json;
import static dev.linprobe.function.PredictFixtures.resource;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.image.PreprocessSpec;
import dev.linprobe.pipeline.Layout;
import dev.linprobe.pipeline.TrainJob;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.SoftmaxModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Models that the predict function rejects with status 400, and a preprocessing difference that it accepts. */
@QuarkusTest
class PredictRejectionsTest {

    @Inject
    ObjectStore store;

    @Inject
    FeatureExtractor extractor;

    @Inject
    BucketLayout layout;

    @Inject
    LinprobeConfig config;

    @BeforeEach
    void trainModels() {
        PredictFixtures.prepare(store, bucket(), layout, extractor);
    }

    @Test
    void predict_untrainedDataset_rejectedNamingLatest() {
        PredictFixtures.uploadBatch(store, bucket(), "batches/b2/");
        store.put(bucket(), "batches/b2/_READY", "{\"dataset\":\"untrained\"}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        store.delete(bucket(), "predictions/b2.csv");

        JsonNode error = postRejected(resource("/events/b2-ready.json"));

        assertTrue(error.get("error").asText().contains("s3://" + bucket() + "/datasets/untrained/runs/latest is missing"),
                error.toString());
        assertFalse(store.exists(bucket(), "predictions/b2.csv"));
    }

    @Test
    void predict_modelOfOtherSha_rejected() {
        ExtractorInfo real = extractor.info();
        String otherSha = "0".repeat(64);
        storeModel("other-sha", new ExtractorInfo(real.name(), otherSha, real.featureLayer(), real.dimension(), real.preprocess()));

        JsonNode error = postDirect("other-sha");

        String message = error.get("error").asText();
        assertTrue(message.contains("with sha256 " + otherSha), message);
        assertTrue(message.contains("the catalog's file has sha256 " + real.sha256()), message);
    }

    @Test
    void predict_modelOfUnknownNetwork_rejectedNamingIt() {
        ExtractorInfo real = extractor.info();
        storeModel("other-network", new ExtractorInfo("convnext-custom", "ab".repeat(32), real.featureLayer(), real.dimension(),
                real.preprocess()));

        JsonNode error = postDirect("other-network");

        String message = error.get("error").asText();
        assertTrue(message.contains("'convnext-custom'"), message);
        assertTrue(message.contains("neither this deployment's model nor in the catalog"), message);
    }

    @Test
    void predict_modelOfOtherDimension_rejectedNamingBoth() {
        ExtractorInfo real = extractor.info();
        int dimension = real.dimension() / 2;
        storeModel("other-dimension", new ExtractorInfo(real.name(), real.sha256(), real.featureLayer(), dimension,
                real.preprocess()));

        JsonNode error = postDirect("other-dimension");

        String message = error.get("error").asText();
        assertTrue(message.contains("gives " + real.dimension() + " features, expected " + dimension), message);
    }

    @Test
    void predict_modelOfOtherCrop_rejected() {
        ExtractorInfo real = extractor.info();
        PreprocessSpec smaller = new PreprocessSpec(180, 160, real.preprocess().mean(), real.preprocess().std());
        storeModel("other-crop", new ExtractorInfo(real.name(), real.sha256(), real.featureLayer(), real.dimension(), smaller));

        JsonNode error = postDirect("other-crop");

        String message = error.get("error").asText();
        assertTrue(message.contains("160"), message);
    }

    /**
     * The function opens an extractor with the preprocessing a model records, so a model trained on
     * another resize of the same network gets features it fits and is not rejected.
     */
    @Test
    void predict_modelOfOtherResize_usesItsPreprocessing() {
        ExtractorInfo real = extractor.info();
        PreprocessSpec wholeImage = new PreprocessSpec(real.preprocess().cropSize(), real.preprocess().cropSize(),
                real.preprocess().mean(), real.preprocess().std());
        storeModel("other-resize", new ExtractorInfo(real.name(), real.sha256(), real.featureLayer(), real.dimension(), wholeImage));
        PredictFixtures.uploadBatch(store, bucket(), "uploads/other-resize/");

        String response = given().contentType(ContentType.JSON)
                .body("{\"dataset\": \"other-resize\", \"imagesPrefix\": \"uploads/other-resize/\", "
                        + "\"outputKey\": \"results/other-resize.csv\"}")
                .when().post("/predict")
                .then().statusCode(200).extract().asString();

        assertEquals(PredictFixtures.BATCH_IMAGES, json(response).get("batches").get(0).get("predicted").asInt());
    }

    /** Stores an untrained two-class model of {@code extractorInfo} as the latest run of {@code dataset}. */
    private void storeModel(String dataset, ExtractorInfo extractorInfo) {
        Layout data = layout.dataset(dataset);
        int dimension = extractorInfo.dimension();
        SoftmaxModel model = new SoftmaxModel(List.of("Bag", "Trouser"), dimension, new float[2 * dimension], new float[2],
                null, null, extractorInfo, Map.of());
        store.put(bucket(), data.runsPrefix() + "crafted/" + TrainJob.MODEL, model.encode(), "application/octet-stream");
        store.put(bucket(), data.runsPrefix() + TrainJob.LATEST, "crafted\n".getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    /** Classifies a batch with the latest model of {@code dataset}, expecting a rejection and no CSV. */
    private JsonNode postDirect(String dataset) {
        PredictFixtures.uploadBatch(store, bucket(), "uploads/" + dataset + "/");
        String outputKey = "results/" + dataset + ".csv";
        store.delete(bucket(), outputKey);

        JsonNode error = postRejected("{\"dataset\": \"" + dataset + "\", \"imagesPrefix\": \"uploads/" + dataset + "/\", "
                + "\"outputKey\": \"" + outputKey + "\"}");

        assertEquals("IllegalArgumentException", error.get("type").asText(), error.toString());
        assertFalse(store.exists(bucket(), outputKey));
        return error;
    }

    private String bucket() {
        return config.bucket();
    }

    private static JsonNode postRejected(String body) {
        String response = given().contentType(ContentType.JSON).body(body)
                .when().post("/predict")
                .then().statusCode(400).contentType(ContentType.JSON).extract().asString();
        return json(response);
    }
}
