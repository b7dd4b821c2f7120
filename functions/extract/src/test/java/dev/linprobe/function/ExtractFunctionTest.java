package dev.linprobe.function;

import static dev.linprobe.function.ExtractFixtures.deleteAll;
import static dev.linprobe.function.ExtractFixtures.event;
import static dev.linprobe.function.ExtractFixtures.extract;
import static dev.linprobe.function.ExtractFixtures.invoke;
import static dev.linprobe.function.ExtractFixtures.keys;
import static dev.linprobe.function.ExtractFixtures.parse;
import static dev.linprobe.function.ExtractFixtures.pngs;
import static dev.linprobe.function.ExtractFixtures.readShard;
import static dev.linprobe.function.ExtractFixtures.s3Notification;
import static dev.linprobe.function.ExtractFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Posts events as AWS delivers them to the extract function over HTTP and checks the shards and
 * failure reports it writes to the embedded S3 server. Each test uses its own data set.
 */
@QuarkusTest
class ExtractFunctionTest {

    private static final int FEATURE_DIMENSION = 1280;

    @Inject
    ObjectStore store;

    @Inject
    LinprobeConfig config;

    @Inject
    BucketLayout layout;

    @Inject
    FeatureExtractor extractor;

    private String bucket() {
        return config.bucket();
    }

    /** Empties the data set and returns its image prefix. */
    private String resetDataset(String name) {
        deleteAll(store, bucket(), layout.datasetsPrefix() + name + "/");
        return layout.dataset(name).imagesPrefix();
    }

    private String featuresPrefix(String dataset) {
        return layout.dataset(dataset).featuresPrefixFor(extractor.info().name());
    }

    private void upload(String key, Path file) {
        store.putFile(bucket(), key, file, key.endsWith(".jpg") ? "image/jpeg" : "image/png");
    }

    private Set<String> shardIds(List<String> shardKeys) {
        Set<String> ids = new TreeSet<>();
        for (String key : shardKeys) {
            ids.addAll(readShard(store, bucket(), key).ids());
        }
        return ids;
    }

    @Test
    void extract_encodedKeys_decodeToImageIds() {
        String images = resetDataset("keys");
        List<Path> files = pngs();
        upload(images + "my photo.png", files.get(0));
        upload(images + "a+b.png", files.get(1));
        upload(images + "café.png", files.get(2));
        upload(images + "shirts/long sleeve/shirt 1.png", files.get(3));
        upload(images + "photos/china.jpg", ExtractFixtures.chinaJpeg());
        JsonNode event = s3Notification(bucket(),
                images + "my+photo.png",
                images + "a%2Bb.png",
                images + "caf%C3%A9.png",
                images + "shirts/long+sleeve/shirt+1.png",
                images + "photos/china.jpg");

        JsonNode response = extract(event);

        assertEquals(5, response.path("extracted").asInt(), response.toString());
        assertEquals(0, response.path("failed").asInt(), response.toString());
        assertEquals(0, response.path("ignored").asInt(), response.toString());
        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        List<String> shardKeys = strings(response.path("shards"));
        assertEquals(1, shardKeys.size(), response.toString());
        assertTrue(shardKeys.get(0).startsWith(featuresPrefix("keys") + "shard-"), shardKeys.get(0));
        assertEquals(shardKeys, keys(store, bucket(), featuresPrefix("keys")));

        FeatureShard shard = readShard(store, bucket(), shardKeys.get(0));
        assertEquals(Set.of("my photo", "a+b", "café", "shirt 1", "china"), Set.copyOf(shard.ids()));
        assertEquals(FEATURE_DIMENSION, shard.dimension());
        assertEquals(5 * FEATURE_DIMENSION, shard.features().length);
        for (float value : shard.features()) {
            assertTrue(Float.isFinite(value), "feature value " + value);
        }
    }

    @Test
    void extract_plusInKey_decodesToSpace() {
        String images = resetDataset("plus");
        upload(images + "my photo.png", pngs().get(4));
        String event = event("s3-put.json", Map.of("bucket", bucket(), "key", images + "my+photo.png"));

        JsonNode response = extract(event);

        assertEquals(1, response.path("extracted").asInt(), response.toString());
        assertEquals(Set.of("my photo"), shardIds(strings(response.path("shards"))));
    }

    @Test
    void sqs_malformedBody_retriesOnlyThatMessage() {
        String images = resetDataset("sqs-malformed");
        List<Path> files = pngs();
        upload(images + "first.png", files.get(5));
        upload(images + "second.png", files.get(6));
        upload(images + "third.png", files.get(7));
        String batch = event("sqs-s3-batch-malformed-body.json", Map.of("bucket", bucket(),
                "key1", images + "first.png", "key2", images + "second.png", "key3", images + "third.png"));
        String malformedId = parse(batch).at("/Records/1/messageId").asText();

        JsonNode response = extract(batch);

        List<String> retried = response.path("batchItemFailures").findValuesAsText("itemIdentifier");
        assertEquals(List.of(malformedId), retried, response.toString());
        assertEquals(2, response.path("extracted").asInt(), response.toString());
        assertEquals(0, response.path("failed").asInt(), response.toString());
        assertEquals(Set.of("first", "third"), shardIds(strings(response.path("shards"))));
    }

    @Test
    void sqs_missingObject_reportedNotRetried() {
        String images = resetDataset("sqs-missing");
        List<Path> files = pngs();
        upload(images + "first.png", files.get(8));
        upload(images + "third.png", files.get(9));
        String batch = event("sqs-s3-batch.json", Map.of("bucket", bucket(),
                "key1", images + "first.png", "key2", images + "deleted+before+delivery.png", "key3", images + "third.png"));

        JsonNode response = extract(batch);

        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        assertEquals(2, response.path("extracted").asInt(), response.toString());
        assertEquals(1, response.path("failed").asInt(), response.toString());
        assertEquals(Set.of("first", "third"), shardIds(strings(response.path("shards"))));
        List<String> reports = strings(response.path("failureReports"));
        assertEquals(1, reports.size(), response.toString());
        JsonNode failures = parse(new String(store.get(bucket(), reports.get(0)), StandardCharsets.UTF_8))
                .path("failures");
        assertEquals(1, failures.size(), failures.toString());
        assertEquals(images + "deleted before delivery.png", failures.get(0).path("key").asText());
        assertFalse(failures.get(0).path("retryable").asBoolean(), failures.toString());
    }

    @Test
    void extract_duplicateDelivery_writesSameShard() {
        String images = resetDataset("duplicate");
        upload(images + "shirt.png", pngs().get(10));
        upload(images + "boot.png", pngs().get(11));
        String event = s3Notification(bucket(), images + "shirt.png", images + "boot.png").toString();

        JsonNode first = extract(event);
        List<String> afterFirst = keys(store, bucket(), featuresPrefix("duplicate"));
        JsonNode second = extract(event);
        List<String> afterSecond = keys(store, bucket(), featuresPrefix("duplicate"));

        assertEquals(1, first.path("shards").size(), first.toString());
        assertEquals(first.path("shards"), second.path("shards"));
        assertEquals(afterFirst, afterSecond);
        assertEquals(1, afterSecond.size(), afterSecond.toString());
        assertEquals(Set.of("shirt", "boot"), shardIds(afterSecond));
    }

    @Test
    void testEvent_direct_isIgnored() {
        List<String> before = keys(store, bucket(), "");

        JsonNode response = extract(event("s3-test-event.json", Map.of("bucket", bucket())));

        assertEquals(1, response.path("ignored").asInt(), response.toString());
        assertEquals(0, response.path("extracted").asInt(), response.toString());
        assertEquals(0, response.path("shards").size(), response.toString());
        assertEquals(before, keys(store, bucket(), ""));
    }

    @Test
    void testEvent_inSqs_isIgnored() {
        List<String> before = keys(store, bucket(), "");

        JsonNode response = extract(event("sqs-s3-test-event.json", Map.of("bucket", bucket())));

        assertEquals(1, response.path("ignored").asInt(), response.toString());
        assertEquals(0, response.path("extracted").asInt(), response.toString());
        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        assertEquals(before, keys(store, bucket(), ""));
    }

    @Test
    void extract_nonImageObjects_areIgnored() {
        String images = resetDataset("ignored");
        String ownShard = featuresPrefix("ignored") + "shard-0123456789abcdef0123.safetensors";
        store.put(bucket(), images + "shirts/", new byte[0], "application/x-directory");
        store.put(bucket(), images + "notes.txt", "not an image".getBytes(StandardCharsets.UTF_8), "text/plain");
        store.putFile(bucket(), "batches/b1/x.png", pngs().get(12), "image/png");
        store.putFile(bucket(), ownShard, pngs().get(13), "application/octet-stream");
        store.putFile(bucket(), "datasets/ignored/labels.png", pngs().get(14), "image/png");
        ObjectNode event = s3Notification(bucket(),
                images + "shirts/",
                images + "notes.txt",
                "batches/b1/x.png",
                ownShard,
                "datasets/ignored/labels.png",
                images + "removed.png");
        ((ObjectNode) event.at("/Records/5")).put("eventName", "ObjectRemoved:Delete");
        List<String> before = keys(store, bucket(), "");

        JsonNode response = extract(event);

        assertEquals(6, response.path("ignored").asInt(), response.toString());
        assertEquals(0, response.path("extracted").asInt(), response.toString());
        assertEquals(0, response.path("failed").asInt(), response.toString());
        assertEquals(0, response.path("shards").size(), response.toString());
        assertEquals(0, response.path("failureReports").size(), response.toString());
        assertEquals(before, keys(store, bucket(), ""));
        assertEquals(List.of(ownShard), keys(store, bucket(), featuresPrefix("ignored")));
    }

    @Test
    void extract_corruptImage_listedInFailureReport() {
        String images = resetDataset("corrupt");
        upload(images + "good-1.png", pngs().get(15));
        upload(images + "good-2.png", pngs().get(16));
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        store.put(bucket(), images + "broken.png", noise, "image/png");

        JsonNode response = extract(s3Notification(bucket(), images + "good-1.png", images + "broken.png", images + "good-2.png"));

        assertEquals(2, response.path("extracted").asInt(), response.toString());
        assertEquals(1, response.path("failed").asInt(), response.toString());
        assertEquals(Set.of("good-1", "good-2"), shardIds(strings(response.path("shards"))));
        List<String> reports = strings(response.path("failureReports"));
        assertEquals(1, reports.size(), response.toString());
        assertTrue(reports.get(0).startsWith(featuresPrefix("corrupt") + "failures-"), reports.get(0));
        assertTrue(reports.get(0).endsWith(".json"), reports.get(0));
        JsonNode failures = parse(new String(store.get(bucket(), reports.get(0)), StandardCharsets.UTF_8))
                .path("failures");
        assertEquals(List.of(images + "broken.png"), failures.findValuesAsText("key"));
        assertFalse(failures.get(0).path("reason").asText().isBlank(), failures.toString());
    }

    @Test
    void cloudEvent_s3Notification_extracts() {
        String images = resetDataset("cloudevent");
        upload(images + "dress 7.png", pngs().get(17));
        String event = event("cloudevent-s3.json", Map.of("bucket", bucket(), "key", images + "dress+7.png"));

        JsonNode response = extract(event);

        assertEquals(1, response.path("extracted").asInt(), response.toString());
        assertEquals(Set.of("dress 7"), shardIds(strings(response.path("shards"))));
    }

    @Test
    void extract_unknownObject_returns400() {
        Response response = invoke("{\"foo\":1}");

        assertEquals(400, response.statusCode(), response.asString());
        JsonNode body = parse(response.asString());
        assertEquals("MalformedEvent", body.path("type").asText(), body.toString());
        assertTrue(body.path("error").asText().contains("unrecognised event"), body.toString());
        assertTrue(body.path("error").asText().contains("[foo]"), body.toString());
    }

    @Test
    void extract_invalidJson_returns400() {
        Response response = invoke("this is not JSON");

        assertEquals(400, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        JsonNode body = parse(response.asString());
        assertEquals("InvalidRequest", body.path("type").asText(), body.toString());
        assertTrue(body.path("error").asText().contains("not valid JSON"), body.toString());
    }

    @Test
    void extract_recordWithoutKey_returns400() {
        ObjectNode event = s3Notification(bucket(), "datasets/nokey/images/a.png");
        ((ObjectNode) event.at("/Records/0/s3/object")).remove("key");

        Response response = invoke(event.toString());

        assertEquals(400, response.statusCode(), response.asString());
        JsonNode body = parse(response.asString());
        assertEquals("MalformedEvent", body.path("type").asText(), body.toString());
        assertTrue(body.path("error").asText().contains("s3.object.key"), body.toString());
    }

    @Test
    void extract_invalidKeyEscape_returns400() {
        Response response = invoke(s3Notification(bucket(), "datasets/escape/images/a%G1.png").toString());

        assertEquals(400, response.statusCode(), response.asString());
        JsonNode body = parse(response.asString());
        assertTrue(body.path("error").asText().contains("a%G1.png"), body.toString());
    }

    @Test
    void extract_scheduledEvent_returns400() {
        Response response = invoke(event("eventbridge-scheduled.json", Map.of()));

        assertEquals(400, response.statusCode(), response.asString());
        JsonNode body = parse(response.asString());
        assertTrue(body.path("error").asText().contains("does not run on a schedule"), body.toString());
    }
}
