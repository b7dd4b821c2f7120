package dev.linprobe.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Starts real {@link EmbeddedS3Server} instances on 127.0.0.1 and checks auth, persistence and key limits. */
class EmbeddedS3ServerTest {

    private static final String BUCKET = "limits";

    @TempDir
    Path dataDir;

    @Test
    void start_bindsLoopbackWithPathStyleSettings() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir)) {
            StorageSettings settings = server.settings();

            assertEquals("http", server.endpoint().getScheme());
            assertEquals("127.0.0.1", server.endpoint().getHost());
            assertTrue(server.endpoint().getPort() > 0);
            assertEquals(server.endpoint(), settings.endpoint());
            assertEquals("us-east-1", settings.region());
            assertTrue(settings.pathStyleAccess());
            assertTrue(settings.hasStaticCredentials());
            assertEquals(dataDir.toAbsolutePath().normalize(), server.dataDir());
        }
    }

    @Test
    void start_twice_generatesDistinctKeysAndPorts() {
        try (EmbeddedS3Server first = EmbeddedS3Server.start(dataDir.resolve("one"));
                EmbeddedS3Server second = EmbeddedS3Server.start(dataDir.resolve("two"))) {
            assertNotEquals(first.endpoint(), second.endpoint());
            assertNotEquals(first.settings().accessKeyId(), second.settings().accessKeyId());
            assertNotEquals(first.settings().secretAccessKey(), second.settings().secretAccessKey());
        }
    }

    @Test
    void settings_toString_hidesKeys() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir)) {
            String text = server.settings().toString();

            assertFalse(text.contains(server.settings().secretAccessKey()), text);
            assertFalse(text.contains(server.settings().accessKeyId()), text);
            assertTrue(text.contains(server.endpoint().toString()), text);
        }
    }

    @Test
    void wrongSecretKey_rejectedByServer() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = server.openStore()) {
            store.createBucketIfMissing(BUCKET);
            StorageSettings wrong = new StorageSettings(server.endpoint(), "us-east-1", true,
                    server.settings().accessKeyId(), server.settings().secretAccessKey() + "x");

            try (S3Client client = S3ObjectStore.buildClient(wrong)) {
                S3Exception e = assertThrows(S3Exception.class, () -> client.putObject(
                        request -> request.bucket(BUCKET).key("intruder.txt"), RequestBody.fromString("x")));

                assertEquals(403, e.statusCode());
                assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            }
            assertFalse(store.exists(BUCKET, "intruder.txt"));
        }
    }

    @Test
    void unknownAccessKey_rejectedWithCredentialHint() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = server.openStore()) {
            store.createBucketIfMissing(BUCKET);
            StorageSettings wrong = StorageSettings.forEndpoint(server.endpoint(), "UNKNOWNKEY", "unknown-secret");

            try (S3ObjectStore intruder = new S3ObjectStore(wrong)) {
                StorageException e = assertThrows(StorageException.class, () -> intruder.list(BUCKET, ""));

                assertFalse(e instanceof ObjectNotFoundException);
                assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
                assertTrue(e.getMessage().contains("Check the access key"), e.getMessage());
                assertFalse(e.getMessage().contains("unknown-secret"), e.getMessage());
                assertInstanceOf(S3Exception.class, e.getCause());
            }
        }
    }

    @Test
    void restart_sameDataDir_keepsObjects() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = server.openStore()) {
            store.createBucketIfMissing(BUCKET);
            store.put(BUCKET, "kept/model.json", utf8("{}"), "application/json");
        }

        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = server.openStore()) {
            assertArrayEquals(utf8("{}"), store.get(BUCKET, "kept/model.json"));
        }
    }

    @Test
    void start_missingDataDir_createsIt() {
        Path nested = dataDir.resolve(".linprobe/s3");

        try (EmbeddedS3Server server = EmbeddedS3Server.start(nested)) {
            assertTrue(Files.isDirectory(nested));
        }
    }

    @Test
    void start_dataDirIsFile_throwsStorageException() throws Exception {
        Path file = Files.writeString(dataDir.resolve("not-a-folder"), "x");

        StorageException e = assertThrows(StorageException.class, () -> EmbeddedS3Server.start(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void close_twice_isHarmless() {
        EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);

        server.close();
        server.close();
    }

    @Test
    void close_stopsAcceptingRequests() {
        EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
        S3ObjectStore store = server.openStore();
        store.createBucketIfMissing(BUCKET);

        server.close();

        try (store) {
            StorageException e = assertThrows(StorageException.class, () -> store.get(BUCKET, "any"));
            assertFalse(e instanceof ObjectNotFoundException);
        }
    }

    // The tests below pin the filesystem backend's key limits listed in EmbeddedS3Server's Javadoc.

    @Test
    void keyLimit_keyThenSameFolderName_rejected() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = openStoreWithoutRetries(server)) {
            store.createBucketIfMissing(BUCKET);

            store.put(BUCKET, "a/b", utf8("b"), null);
            assertThrows(StorageException.class, () -> store.put(BUCKET, "a", utf8("a"), null));

            store.put(BUCKET, "c", utf8("c"), null);
            assertThrows(StorageException.class, () -> store.put(BUCKET, "c/d", utf8("d"), null));
        }
    }

    @Test
    void keyLimit_slashAndDotDotKeys_rejected() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = openStoreWithoutRetries(server)) {
            store.createBucketIfMissing(BUCKET);

            for (String key : List.of("/leading", "trailing/", "../escape", "a/../b")) {
                StorageException e = assertThrows(StorageException.class, () -> store.put(BUCKET, key, utf8("x"), null),
                        key);
                assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
            }
            assertEquals(List.of(), store.list(BUCKET, ""));
        }
    }

    @Test
    void keyLimit_emptyAndDotSegments_dropped() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = openStoreWithoutRetries(server)) {
            store.createBucketIfMissing(BUCKET);

            store.put(BUCKET, "x//double", utf8("1"), null);
            store.put(BUCKET, "x/./dot", utf8("2"), null);

            assertEquals(List.of("x/dot", "x/double"), store.list(BUCKET, "x/").stream().map(ObjectInfo::key).toList());
            assertArrayEquals(utf8("1"), store.get(BUCKET, "x//double"));
        }
    }

    @Test
    void keyLimit_lastSegmentLength_max218Bytes() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir);
                S3ObjectStore store = openStoreWithoutRetries(server)) {
            store.createBucketIfMissing(BUCKET);

            store.put(BUCKET, "long/" + "x".repeat(218), utf8("ok"), null);
            store.put(BUCKET, "y".repeat(255) + "/short", utf8("ok"), null);
            assertThrows(StorageException.class, () -> store.put(BUCKET, "long/" + "z".repeat(219), utf8("x"), null));

            assertEquals(2, store.list(BUCKET, "").size());
        }
    }

    /** Opens a store whose client does not retry, because the SDK retries HTTP 500 responses with backoff. */
    private static S3ObjectStore openStoreWithoutRetries(EmbeddedS3Server server) {
        return new S3ObjectStore(S3ObjectStore.clientBuilder(server.settings())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
