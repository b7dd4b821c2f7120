package dev.linprobe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linprobe.demo.DemoDataset;
import dev.linprobe.demo.DemoFiles;
import dev.linprobe.demo.FashionMnist;
import dev.linprobe.storage.EmbeddedS3Server;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged extract, train and predict functions, each in its own JVM, invoked over HTTP with the
 * events that S3 and EventBridge send. They share an embedded S3 server on loopback, where a
 * Fashion-MNIST sample goes in as PNG uploads and comes out as a predictions CSV.
 */
class FunctionsEndToEndIT {

    private static final String BUCKET = "linprobe";
    private static final String DATASET = "e2e";
    private static final String IMAGES = "datasets/" + DATASET + "/images/";
    private static final String BATCH = "e2e-batch";
    private static final int TRAIN_COUNT = 500;
    private static final int PREDICT_COUNT = 200;
    private static final long SAMPLE_SEED = 7;
    /** Images uploaded after the backfill and extracted through one S3 notification. */
    private static final int LATE_COUNT = 3;

    /**
     * Lower bound of the held-out accuracy. The sample, the extractor and the trainer are
     * deterministic, and this sample scored 0.765 (153 of 200) on a 2-core x86-64 VM with Java 25.
     * The bound is 23 images lower, about four binomial standard errors at n = 200, which leaves
     * room for floating-point differences on other CPUs and stays far above chance (0.1).
     */
    private static final double MIN_ACCURACY = 0.65;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static EmbeddedS3Server server;
    static S3Client s3;
    static HttpClient http;
    static DemoFiles data;
    static FunctionProcess extract;
    static FunctionProcess train;
    static FunctionProcess predict;

    @BeforeAll
    static void startServerAndFunctions() throws InterruptedException {
        Path extractJar = E2eInputs.functionJar("extract");
        Path trainJar = E2eInputs.functionJar("train");
        Path predictJar = E2eInputs.functionJar("predict");
        Path modelCache = E2eInputs.modelCache();
        data = new DemoDataset(E2eInputs.fashionMnist()).build(work.resolve("data"), TRAIN_COUNT, PREDICT_COUNT, SAMPLE_SEED);

        String accessKey = "e2e-access";
        String secretKey = UUID.randomUUID().toString();
        server = EmbeddedS3Server.start(work.resolve("s3"), 0, accessKey, secretKey);
        s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3.createBucket(request -> request.bucket(BUCKET));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        Map<String, String> environment = new HashMap<>();
        environment.put("LINPROBE_S3_ENDPOINT", server.endpoint().toString());
        environment.put("LINPROBE_S3_REGION", "us-east-1");
        environment.put("LINPROBE_S3_ACCESS_KEY", accessKey);
        environment.put("LINPROBE_S3_SECRET_KEY", secretKey);
        environment.put("LINPROBE_BUCKET", BUCKET);
        environment.put("LINPROBE_MODEL_CACHE", modelCache.toString());
        environment.put("LINPROBE_TRAIN_DATASETS", DATASET);
        environment.put("LINPROBE_PREDICT_DATASET", DATASET);
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        String logs = System.getProperty("linprobe.e2e.logs");
        Path logFolder = logs != null ? Path.of(logs) : work.resolve("logs");

        // Start all three before waiting, so their JVMs boot in parallel.
        extract = FunctionProcess.start("extract", extractJar, environment, logFolder);
        train = FunctionProcess.start("train", trainJar, environment, logFolder);
        predict = FunctionProcess.start("predict", predictJar, environment, logFolder);
        for (FunctionProcess function : List.of(extract, train, predict)) {
            function.awaitListening(START_TIMEOUT);
        }
    }

    @AfterAll
    static void stopFunctionsAndServer() throws InterruptedException {
        for (FunctionProcess function : Arrays.asList(extract, train, predict)) {
            if (function != null) {
                function.close();
            }
        }
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void functions_fashionMnistSample_predictBatch() throws IOException, InterruptedException {
        Map<String, String> labels = readCsv(data.labelsCsv());
        List<Path> trainImages = listPngs(data.trainFolder());
        assertEquals(TRAIN_COUNT, trainImages.size());
        List<Path> late = trainImages.stream().filter(png -> labels.get(id(png)).equals("Ankle boot")).limit(LATE_COUNT).toList();
        assertEquals(LATE_COUNT, late.size(), "Ankle boot images in the sample");

        // Extract: a backfill of everything uploaded so far, then one notification for later uploads.
        for (Path png : trainImages) {
            if (!late.contains(png)) {
                upload(trainKey(png, labels), png);
            }
        }
        upload("datasets/" + DATASET + "/labels.csv", data.labelsCsv());
        JsonNode backfill = invoke(extract, JSON.createObjectNode().put("bucket", BUCKET).put("prefix", IMAGES));
        assertEquals(TRAIN_COUNT - LATE_COUNT, backfill.path("extracted").asInt(), backfill.toString());
        assertEquals(0, backfill.path("failed").asInt(), backfill.toString());

        List<String> lateKeys = new ArrayList<>();
        for (Path png : late) {
            lateKeys.add(trainKey(png, labels));
            upload(lateKeys.getLast(), png);
        }
        ObjectNode notification = s3Notification(lateKeys);
        String encodedKey = notification.path("Records").path(0).path("s3").path("object").path("key").asText();
        assertTrue(encodedKey.contains("/Ankle+boot/"), encodedKey);
        JsonNode extracted = invoke(extract, notification);
        assertEquals(LATE_COUNT, extracted.path("extracted").asInt(), extracted.toString());
        assertEquals(0, extracted.path("ignored").asInt(), extracted.toString());

        // Train: the scheduled event trains LINPROBE_TRAIN_DATASETS.
        JsonNode trained = invoke(train, scheduledEvent());
        JsonNode run = trained.path("runs").path(0);
        assertEquals(DATASET, run.path("dataset").asText(), trained.toString());
        assertEquals(TRAIN_COUNT, run.path("examples").asInt(), trained.toString());
        assertEquals(0, run.path("idsWithoutFeatures").asInt(), trained.toString());
        assertEquals(0, run.path("featuresWithoutLabel").asInt(), trained.toString());

        // Predict: the batch's images, then its marker, whose notification starts the batch.
        List<Path> predictImages = listPngs(data.predictFolder());
        for (Path png : predictImages) {
            upload("batches/" + BATCH + "/" + png.getFileName(), png);
        }
        String marker = "batches/" + BATCH + "/_READY";
        s3.putObject(request -> request.bucket(BUCKET).key(marker),
                RequestBody.fromString("{\"dataset\": \"" + DATASET + "\"}"));
        JsonNode predicted = invoke(predict, s3Notification(List.of(marker)));
        JsonNode batch = predicted.path("batches").path(0);
        assertEquals("predictions/" + BATCH + ".csv", batch.path("outputKey").asText(), predicted.toString());
        assertEquals(PREDICT_COUNT, batch.path("predicted").asInt(), predicted.toString());
        assertEquals(0, batch.path("failed").asInt(), predicted.toString());

        String csv = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("predictions/" + BATCH + ".csv")).asUtf8String();
        checkPredictions(csv, readCsv(data.predictTruthCsv()));
    }

    @Test
    void extract_eventWithoutBucket_returns400() throws IOException, InterruptedException {
        HttpResponse<String> response = post(extract, "{\"prefix\": \"" + IMAGES + "\"}");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("MalformedEvent", body.path("type").asText(), response.body());
        assertTrue(body.path("error").asText().contains("{\"bucket\": ..., \"prefix\": ...}"), response.body());
    }

    /** Checks the CSV's header, its rows against the true labels, and the accuracy. */
    private static void checkPredictions(String csv, Map<String, String> truth) throws IOException {
        List<String> lines = csv.lines().toList();
        assertEquals("id,Label", lines.getFirst(), "header");
        assertEquals(PREDICT_COUNT + 1, lines.size(), "one row per image plus the header");

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        List<String> ids = rows.stream().map(row -> row.get("id")).toList();
        assertEquals(new ArrayList<>(truth.keySet()), ids, "ids: every image once, sorted");

        int correct = 0;
        for (CSVRecord row : rows) {
            String label = row.get("Label");
            assertTrue(FashionMnist.CLASS_NAMES.contains(label), "label of " + row.get("id") + " is no class: " + label);
            if (label.equals(truth.get(row.get("id")))) {
                correct++;
            }
        }
        double accuracy = (double) correct / rows.size();
        System.out.printf("Held-out accuracy of the end-to-end run: %.4f (%d of %d)%n", accuracy, correct, rows.size());
        assertTrue(accuracy >= MIN_ACCURACY,
                "held-out accuracy " + accuracy + " (" + correct + " of " + rows.size() + ") is below " + MIN_ACCURACY);
    }

    /** Returns the key of a labelled image: in a folder named after its class, so some keys contain spaces. */
    private static String trainKey(Path png, Map<String, String> labels) {
        return IMAGES + labels.get(id(png)).replace('/', '-') + "/" + png.getFileName();
    }

    private static void upload(String key, Path file) {
        s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromFile(file));
    }

    /** Builds an S3 notification with one ObjectCreated:Put record per key. */
    private static ObjectNode s3Notification(List<String> keys) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (String key : keys) {
            ObjectNode record = records.addObject();
            record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
                    .put("eventTime", Instant.now().toString()).put("eventName", "ObjectCreated:Put");
            ObjectNode s3Part = record.putObject("s3");
            s3Part.putObject("bucket").put("name", BUCKET).put("arn", "arn:aws:s3:::" + BUCKET);
            s3Part.putObject("object").put("key", encodeKey(key));
        }
        return event;
    }

    /** Encodes a key as S3 notifications do: form encoding, with {@code +} for a space and {@code /} kept. */
    private static String encodeKey(String key) {
        return Arrays.stream(key.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }

    private static ObjectNode scheduledEvent() {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0").put("id", UUID.randomUUID().toString()).put("detail-type", "Scheduled Event")
                .put("source", "aws.events").put("account", "000000000000").put("time", Instant.now().toString())
                .put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:000000000000:rule/linprobe-train");
        event.putObject("detail");
        return event;
    }

    /** Posts an event to a function and returns its JSON response, failing on any status but 200. */
    private static JsonNode invoke(FunctionProcess function, JsonNode event) throws IOException, InterruptedException {
        HttpResponse<String> response = post(function, JSON.writeValueAsString(event));
        assertEquals(200, response.statusCode(),
                () -> function.name() + " returned " + response.body() + "\nlast log lines:\n" + function.tail());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(FunctionProcess function, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + "/" + function.name()))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Reads an {@code id,Label} CSV into a map sorted by id. */
    private static Map<String, String> readCsv(Path file) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                rows.put(row.get("id"), row.get("Label"));
            }
        }
        return rows;
    }

    private static List<Path> listPngs(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".png")).sorted().toList();
        }
    }

    private static String id(Path png) {
        String name = png.getFileName().toString();
        return name.substring(0, name.length() - ".png".length());
    }
}
