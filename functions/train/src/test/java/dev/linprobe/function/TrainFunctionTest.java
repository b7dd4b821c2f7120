package dev.linprobe.function;

import static dev.linprobe.function.TrainFixtures.json;
import static dev.linprobe.function.TrainFixtures.keys;
import static dev.linprobe.function.TrainFixtures.resource;
import static dev.linprobe.function.TrainFixtures.text;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.Layout;
import dev.linprobe.pipeline.TrainJob;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.SoftmaxModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The train function over HTTP, on real Fashion-MNIST features in the embedded S3 server. */
@QuarkusTest
@TestProfile(TrainTestProfile.class)
class TrainFunctionTest {

    /** The run id that {@code events/scheduled.json} gives: its time, then the first 8 letters and digits of its id. */
    private static final String SCHEDULED_RUN_ID = "20261204-200000-5e1c0b2f";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Inject
    ObjectStore store;

    @Inject
    FeatureExtractor extractor;

    @Inject
    BucketLayout layout;

    @Inject
    LinprobeConfig config;

    @Test
    void train_scheduledEvent_writesEveryRunOutput() {
        List<String> datasets = List.of(TrainTestProfile.SCHEDULED_A, TrainTestProfile.SCHEDULED_B);
        for (String dataset : datasets) {
            writeDataset(dataset);
        }

        JsonNode response = post(resource("/events/scheduled.json"));

        JsonNode runs = response.get("runs");
        assertEquals(datasets.size(), runs.size(), response.toString());
        for (int i = 0; i < datasets.size(); i++) {
            JsonNode run = runs.get(i);
            Layout data = layout.dataset(datasets.get(i));
            String runPrefix = data.runsPrefix() + SCHEDULED_RUN_ID + "/";
            assertEquals(datasets.get(i), run.get("dataset").asText());
            assertEquals(SCHEDULED_RUN_ID, run.get("runId").asText());
            assertEquals(runPrefix + TrainJob.MODEL, run.get("modelKey").asText());
            assertEquals(TrainFixtures.IMAGES, run.get("examples").asInt());
            assertEquals(0, run.get("idsWithoutFeatures").asInt());

            List<String> expected = new TreeSet<>(List.of(runPrefix + TrainJob.MODEL, runPrefix + TrainJob.METRICS,
                    runPrefix + TrainJob.CURVES_PNG, runPrefix + TrainJob.CURVES_SVG, runPrefix + TrainJob.TRAINING_LOG))
                    .stream().toList();
            assertEquals(expected, keys(store, bucket(), runPrefix));
            assertEquals(SCHEDULED_RUN_ID + "\n", text(store, bucket(), data.runsPrefix() + TrainJob.LATEST));

            SoftmaxModel model = SoftmaxModel.decode(store.get(bucket(), runPrefix + TrainJob.MODEL), runPrefix);
            assertNotNull(model.extractor());
            assertTrue(model.extractor().compatibleWith(extractor.info()), model.extractor().toString());
            assertEquals(3, json(text(store, bucket(), runPrefix + TrainJob.METRICS)).get("epochs").size());
            byte[] png = store.get(bucket(), runPrefix + TrainJob.CURVES_PNG);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));
            assertTrue(text(store, bucket(), runPrefix + TrainJob.CURVES_SVG).contains("<svg"));
            assertTrue(text(store, bucket(), runPrefix + TrainJob.TRAINING_LOG).contains("stopped after 3 epochs"));
        }
    }

    @Test
    void train_scheduledTwice_reusesRunFolder() {
        Layout data = writeDataset(TrainTestProfile.SCHEDULED_A);
        writeDataset(TrainTestProfile.SCHEDULED_B);
        String event = resource("/events/scheduled-repeat.json");

        String first = post(event).get("runs").get(0).get("runId").asText();
        String second = post(event).get("runs").get(0).get("runId").asText();

        assertEquals(first, second);
        assertEquals(List.of(first), runFolders(data));
        assertEquals(first + "\n", text(store, bucket(), data.runsPrefix() + TrainJob.LATEST));
    }

    @Test
    void train_directCall_honoursOptions() {
        Layout data = writeDataset("direct-sgd");

        JsonNode response = post("{\"dataset\": \"direct-sgd\", \"options\": {\"epochs\": 5, \"optimizer\": \"sgd\"}}");

        JsonNode run = response.get("runs").get(0);
        String runId = run.get("runId").asText();
        assertEquals(5, run.get("epochs").asInt());
        assertEquals(List.of(runId), runFolders(data));
        assertEquals(runId + "\n", text(store, bucket(), data.runsPrefix() + TrainJob.LATEST));

        String runPrefix = data.runsPrefix() + runId + "/";
        JsonNode metrics = json(text(store, bucket(), runPrefix + TrainJob.METRICS));
        assertEquals(5, metrics.get("epochs").size());
        assertEquals("sgd", metrics.get("run").get("optimizer").asText());

        SoftmaxModel model = SoftmaxModel.decode(store.get(bucket(), runPrefix + TrainJob.MODEL), runPrefix);
        JsonNode trainedWith = json(model.metadata().get("config"));
        assertEquals("sgd", trainedWith.get("optimizer").asText());
        assertEquals(5, trainedWith.get("epochs").asInt());
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

    /** Returns the names of the run folders of a data set, without the {@code latest} pointer. */
    private List<String> runFolders(Layout data) {
        TreeSet<String> folders = new TreeSet<>();
        for (String key : keys(store, bucket(), data.runsPrefix())) {
            String rest = key.substring(data.runsPrefix().length());
            if (rest.contains("/")) {
                folders.add(rest.substring(0, rest.indexOf('/')));
            }
        }
        return List.copyOf(folders);
    }

    private String bucket() {
        return config.bucket();
    }

    private static JsonNode post(String body) {
        String response = given().contentType(ContentType.JSON).body(body)
                .when().post("/train")
                .then().statusCode(200).extract().asString();
        return json(response);
    }
}
