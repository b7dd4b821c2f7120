package dev.linprobe.function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linprobe.demo.DemoDataset;
import dev.linprobe.demo.FashionMnist;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectInfo;
import dev.linprobe.storage.ObjectStore;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real inputs of the extract tests: Fashion-MNIST PNGs, a JPEG photo, and event JSON files as AWS
 * delivers them, with {@code ${name}} placeholders for the bucket and the URL-encoded keys.
 *
 * <p>A missing input fails the test when the environment variable {@code CI} is {@code true}, and
 * skips it otherwise, so a fresh checkout still builds before the data is in place.
 */
final class ExtractFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Number of Fashion-MNIST PNGs that {@link #pngs()} writes once per test JVM. */
    static final int PNG_COUNT = 24;

    private static List<Path> pngs;

    private ExtractFixtures() {}

    /** Returns {@link #PNG_COUNT} Fashion-MNIST training PNGs in a temporary folder, sorted by name. */
    static synchronized List<Path> pngs() {
        if (pngs == null) {
            for (String name : FashionMnist.fileNames()) {
                require(FashionMnist.SYSTEM_FOLDER.resolve(name), "install the Debian package " + FashionMnist.DEBIAN_PACKAGE);
            }
            try {
                Path folder = Files.createTempDirectory("linprobe-extract-test");
                Path train = new DemoDataset(FashionMnist.SYSTEM_FOLDER).build(folder, PNG_COUNT, 1, 7).trainFolder();
                try (Stream<Path> files = Files.list(train)) {
                    pngs = files.sorted().toList();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pngs;
    }

    /** Returns a real JPEG photo, {@code china.jpg} of scikit-learn, from the repository's test data. */
    static Path chinaJpeg() {
        String root = System.getProperty("linprobe.repo.root");
        if (root == null) {
            fail("system property linprobe.repo.root is not set: run the tests through Maven, which sets it");
        }
        Path photo = Path.of(root, ".linprobe", "test-data", "sklearn", "china.jpg");
        require(photo, "run `bash infra/fetch-test-images.sh` from the repository root");
        return photo;
    }

    /** Reads {@code events/NAME} from the test resources and replaces each {@code ${key}} of {@code values}. */
    static String event(String name, Map<String, String> values) {
        String text;
        try (InputStream in = ExtractFixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource events/" + name + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        return text;
    }

    /**
     * Builds one S3 notification with a record per key from {@code s3-put.json}. S3 usually sends one
     * record per notification, but the format allows several and the function must accept them.
     */
    static ObjectNode s3Notification(String bucket, String... encodedKeys) {
        ObjectNode notification = JSON.createObjectNode();
        ArrayNode records = notification.putArray("Records");
        for (String key : encodedKeys) {
            JsonNode single = parse(event("s3-put.json", Map.of("bucket", bucket, "key", key)));
            records.add(single.path("Records").get(0));
        }
        return notification;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts an event to the function and returns the HTTP response. */
    static Response invoke(String body) {
        return given().contentType("application/json").body(body).when().post("/extract");
    }

    /** Posts an event that must succeed and returns the function's response. */
    static JsonNode extract(String body) {
        Response response = invoke(body);
        assertEquals(200, response.statusCode(), "extract failed: " + response.asString());
        return parse(response.asString());
    }

    static JsonNode extract(JsonNode event) {
        return extract(event.toString());
    }

    /** Deletes every object under {@code prefix}, so a test starts from what it uploads itself. */
    static void deleteAll(ObjectStore store, String bucket, String prefix) {
        for (ObjectInfo object : store.list(bucket, prefix)) {
            store.delete(bucket, object.key());
        }
    }

    static List<String> keys(ObjectStore store, String bucket, String prefix) {
        return store.list(bucket, prefix).stream().map(ObjectInfo::key).toList();
    }

    static FeatureShard readShard(ObjectStore store, String bucket, String key) {
        return FeatureShard.decode(store.get(bucket, key), "s3://" + bucket + "/" + key);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static void require(Path file, String hint) {
        if (Files.isRegularFile(file)) {
            return;
        }
        String message = file + " is missing: " + hint;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
    }
}
