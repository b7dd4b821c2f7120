package dev.linprobe.function;

import static dev.linprobe.function.PredictFixtures.json;
import static dev.linprobe.function.PredictFixtures.resource;
import static dev.linprobe.function.PredictFixtures.text;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.demo.FashionMnist;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.TrainJob;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.storage.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The predict function over HTTP, on Fashion-MNIST PNGs in the embedded S3 server. */
@QuarkusTest
class PredictFunctionTest {

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
    void predict_markerNotification_writesSortedCsv() {
        List<String> ids = PredictFixtures.uploadBatch(store, bucket(), "batches/b1/");
        store.put(bucket(), "batches/b1/_READY", new byte[0], "text/plain");

        JsonNode batch = post(resource("/events/b1-ready.json")).get("batches").get(0);

        assertEquals("predictions/b1.csv", batch.get("outputKey").asText());
        assertEquals(modelKey(PredictFixtures.DEFAULT_DATASET, PredictFixtures.DEFAULT_RUN), batch.get("modelKey").asText());
        assertEquals(PredictFixtures.BATCH_IMAGES, batch.get("predicted").asInt());
        assertEquals(1, batch.get("failed").asInt());
        List<String[]> rows = csvRows("predictions/b1.csv");
        assertEquals(ids, rows.stream().map(row -> row[0]).toList());
        assertLabelsIn(FashionMnist.CLASS_NAMES, rows);

        JsonNode failures = json(text(store, bucket(), "predictions/b1.csv.failures.json")).get("failures");
        assertEquals(1, failures.size(), failures.toString());
        assertEquals("batches/b1/broken.png", failures.get(0).get("key").asText());
    }

    @Test
    void predict_notificationTwice_sameCsvBytes() {
        PredictFixtures.uploadBatch(store, bucket(), "batches/b1/");
        store.put(bucket(), "batches/b1/_READY", new byte[0], "text/plain");
        String event = resource("/events/b1-ready.json");

        post(event);
        byte[] first = store.get(bucket(), "predictions/b1.csv");
        post(event);
        byte[] second = store.get(bucket(), "predictions/b1.csv");

        assertArrayEquals(first, second);
    }

    @Test
    void predict_batchNameWithSpace_decodesPlus() {
        List<String> ids = PredictFixtures.uploadBatch(store, bucket(), "batches/night shift/");
        store.put(bucket(), "batches/night shift/_READY", new byte[0], "text/plain");

        JsonNode batch = post(resource("/events/night-shift-ready.json")).get("batches").get(0);

        assertEquals("batches/night shift/", batch.get("imagesPrefix").asText());
        assertEquals("predictions/night shift.csv", batch.get("outputKey").asText());
        assertEquals(ids, csvRows("predictions/night shift.csv").stream().map(row -> row[0]).toList());
    }

    @Test
    void predict_markerNamingDataset_usesItsModel() {
        List<String> ids = PredictFixtures.uploadBatch(store, bucket(), "batches/b2/");
        String marker = "{\"dataset\":\"" + PredictFixtures.OTHER_DATASET + "\"}";
        store.put(bucket(), "batches/b2/_READY", marker.getBytes(StandardCharsets.UTF_8), "application/json");

        JsonNode batch = post(resource("/events/b2-ready.json")).get("batches").get(0);

        assertEquals(modelKey(PredictFixtures.OTHER_DATASET, PredictFixtures.OTHER_RUN), batch.get("modelKey").asText());
        List<String[]> rows = csvRows("predictions/b2.csv");
        assertEquals(ids, rows.stream().map(row -> row[0]).toList());
        assertLabelsIn(PredictFixtures.OTHER_CLASSES, rows);
    }

    @Test
    void predict_directCall_writesOutputKey() {
        List<String> ids = PredictFixtures.uploadBatch(store, bucket(), "uploads/direct/");
        store.delete(bucket(), "results/direct.csv");

        JsonNode response = post("{\"imagesPrefix\": \"uploads/direct/\", \"outputKey\": \"results/direct.csv\"}");

        JsonNode batch = response.get("batches").get(0);
        assertEquals(PredictFixtures.BATCH_IMAGES, batch.get("predicted").asInt());
        assertEquals(ids, csvRows("results/direct.csv").stream().map(row -> row[0]).toList());
    }

    @Test
    void predict_nonMarkerNotification_ignored() {
        PredictFixtures.uploadBatch(store, bucket(), "batches/b1/");
        store.delete(bucket(), "predictions/b1.csv");

        JsonNode response = post(resource("/events/image-created.json"));

        assertEquals(0, response.get("batches").size());
        assertEquals(1, response.get("ignored").asInt());
        assertFalse(store.exists(bucket(), "predictions/b1.csv"));
    }

    /** S3 sends an s3:TestEvent once when a notification is configured; it names no object, so there is nothing to do. */
    @Test
    void predict_s3TestEvent_ignored() {
        JsonNode response = post(resource("/events/s3-test-event.json"));

        assertEquals(0, response.get("batches").size());
        assertEquals(1, response.get("ignored").asInt());
    }

    /** Returns the CSV's data rows as {id, Label} after checking its header. */
    private List<String[]> csvRows(String key) {
        List<String> lines = text(store, bucket(), key).lines().toList();
        assertEquals("id,Label", lines.get(0));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    private static void assertLabelsIn(Collection<String> classes, List<String[]> rows) {
        for (String[] row : rows) {
            assertEquals(2, row.length, String.join(",", row));
            assertTrue(classes.contains(row[1]), row[1] + " is not one of " + classes);
        }
    }

    private String modelKey(String dataset, String runId) {
        return layout.dataset(dataset).runsPrefix() + runId + "/" + TrainJob.MODEL;
    }

    private String bucket() {
        return config.bucket();
    }

    private static JsonNode post(String body) {
        String response = given().contentType(ContentType.JSON).body(body)
                .when().post("/predict")
                .then().statusCode(200).extract().asString();
        return json(response);
    }
}
