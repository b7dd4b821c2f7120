package dev.linprobe.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Runs {@link S3ObjectStore} against one {@link EmbeddedS3Server} on 127.0.0.1, with a new bucket for each test. */
class S3ObjectStoreTest {

    private static final AtomicInteger BUCKET_COUNTER = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static EmbeddedS3Server server;
    private static S3ObjectStore store;

    private String bucket;

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3Server.start(dataDir);
        store = server.openStore();
    }

    @AfterAll
    static void stopServer() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createBucket() {
        bucket = "test-bucket-" + BUCKET_COUNTER.incrementAndGet();
        store.createBucketIfMissing(bucket);
    }

    @Test
    void put_binaryContent_roundTrips() {
        byte[] data = new byte[256 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }

        store.put(bucket, "bin/all-bytes.bin", data, "application/octet-stream");

        assertArrayEquals(data, store.get(bucket, "bin/all-bytes.bin"));
    }

    @Test
    void put_emptyObject_roundTrips() {
        store.put(bucket, "empty.txt", new byte[0], "text/plain");

        assertArrayEquals(new byte[0], store.get(bucket, "empty.txt"));
        List<ObjectInfo> listed = store.list(bucket, "empty");
        assertEquals(1, listed.size());
        assertEquals(0, listed.get(0).size());
    }

    @Test
    void put_20MegabyteObject_roundTrips() {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(data);

        store.put(bucket, "large/features.bin", data, null);
        byte[] read = store.get(bucket, "large/features.bin");

        assertEquals(data.length, read.length);
        assertArrayEquals(data, read);
        assertEquals(md5Hex(data), store.list(bucket, "large/").get(0).eTag());
    }

    @Test
    void put_existingKey_overwrites() {
        store.put(bucket, "model.json", utf8("first version"), "application/json");
        store.put(bucket, "model.json", utf8("second"), "application/json");

        assertEquals("second", new String(store.get(bucket, "model.json"), StandardCharsets.UTF_8));
        List<ObjectInfo> listed = store.list(bucket, "");
        assertEquals(1, listed.size());
        assertEquals(6, listed.get(0).size());
    }

    @Test
    void put_nullContentType_storesOctetStream() {
        store.put(bucket, "blob", utf8("x"), null);

        String contentType = store.client()
                .headObject(request -> request.bucket(bucket).key("blob"))
                .contentType();
        assertEquals("application/octet-stream", contentType);
    }

    @Test
    void putFile_localFile_uploadsContent(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("report.csv");
        Files.writeString(file, "epoch,loss\n1,0.5\n");

        store.putFile(bucket, "reports/report.csv", file, "text/csv");

        assertEquals("epoch,loss\n1,0.5\n", new String(store.get(bucket, "reports/report.csv"), StandardCharsets.UTF_8));
    }

    @Test
    void putFile_missingFile_throwsStorageException(@TempDir Path folder) {
        Path missing = folder.resolve("missing.csv");

        StorageException e = assertThrows(StorageException.class,
                () -> store.putFile(bucket, "reports/missing.csv", missing, "text/csv"));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("s3://" + bucket + "/reports/missing.csv"), e.getMessage());
    }

    @Test
    void list_prefix_returnsSortedMatches() {
        for (String key : List.of("shards/b.bin", "shards/a.bin", "other/c.bin", "shards/c.bin", "shardsX")) {
            store.put(bucket, key, utf8(key), null);
        }

        List<String> keys = keys(store.list(bucket, "shards/"));

        assertEquals(List.of("shards/a.bin", "shards/b.bin", "shards/c.bin"), keys);
    }

    @Test
    void list_nullPrefix_returnsWholeBucket() {
        store.put(bucket, "b", utf8("b"), null);
        store.put(bucket, "a", utf8("a"), null);

        assertEquals(List.of("a", "b"), keys(store.list(bucket, null)));
    }

    @Test
    void list_entry_hasSizeAndUnquotedETag() {
        byte[] data = utf8("hello");
        store.put(bucket, "hello.txt", data, "text/plain");

        ObjectInfo info = store.list(bucket, "hello").get(0);

        assertEquals("hello.txt", info.key());
        assertEquals(5, info.size());
        assertEquals(md5Hex(data), info.eTag());
    }

    @Test
    void list_nestedPrefix_skipsFolderPlaceholders() {
        store.put(bucket, "images/cat/1.png", utf8("1"), null);
        store.put(bucket, "images/cat/kitten/2.png", utf8("2"), null);
        store.put(bucket, "images/dog/3.png", utf8("3"), null);
        store.put(bucket, "images/gone/4.png", utf8("4"), null);
        store.delete(bucket, "images/gone/4.png");

        List<String> rawKeys = store.client()
                .listObjectsV2(request -> request.bucket(bucket).prefix("images/"))
                .contents().stream().map(object -> object.key()).toList();
        List<String> keys = keys(store.list(bucket, "images/"));

        // Guards the filter in list(): the filesystem backend lists each folder as "folder/".
        assertTrue(rawKeys.contains("images/cat/kitten/"), "raw listing: " + rawKeys);
        assertEquals(List.of("images/cat/1.png", "images/cat/kitten/2.png", "images/dog/3.png"), keys);
        assertEquals(List.of("images/cat/kitten/2.png"), keys(store.list(bucket, "images/cat/k")));
        assertEquals(List.of("images/cat/1.png", "images/cat/kitten/2.png", "images/dog/3.png"),
                keys(store.list(bucket, "")));
    }

    @Test
    void list_moreThan1000Objects_paginates() throws Exception {
        int count = 1_010;
        // Writing the files straight into the bucket's folder takes milliseconds, where 1,010 puts take
        // seconds. The filesystem backend lists files that it did not write itself.
        Path folder = Files.createDirectories(server.dataDir().resolve(bucket).resolve("many"));
        for (int i = 0; i < count; i++) {
            Files.write(folder.resolve(String.format("%05d.bin", i)), new byte[] {1});
        }
        store.put(bucket, "many/zz-through-s3.bin", utf8("last"), null);

        ListObjectsV2Response firstPage = store.client()
                .listObjectsV2(request -> request.bucket(bucket).prefix("many/"));
        List<ObjectInfo> listed = store.list(bucket, "many/");
        List<String> keys = keys(listed);

        assertTrue(firstPage.isTruncated(), "the server should split the listing into pages");
        assertEquals(count + 1, keys.size());
        assertEquals("many/00000.bin", keys.get(0));
        assertEquals("many/01009.bin", keys.get(count - 1));
        assertEquals("many/zz-through-s3.bin", keys.get(count));
        assertEquals(keys.stream().sorted().toList(), keys);
        assertEquals(1, listed.get(500).size());
    }

    @Test
    void list_missingBucket_throwsNotFound() {
        ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class,
                () -> store.list("no-such-bucket", "images/"));

        assertTrue(e.getMessage().contains("s3://no-such-bucket/images/"), e.getMessage());
    }

    @Test
    void existsFindDelete_lifecycle() {
        assertFalse(store.exists(bucket, "labels.csv"));
        assertTrue(store.find(bucket, "labels.csv").isEmpty());

        store.put(bucket, "labels.csv", utf8("cat,dog"), "text/csv");
        assertTrue(store.exists(bucket, "labels.csv"));
        assertArrayEquals(utf8("cat,dog"), store.find(bucket, "labels.csv").orElseThrow());

        store.delete(bucket, "labels.csv");
        assertFalse(store.exists(bucket, "labels.csv"));
        assertTrue(store.find(bucket, "labels.csv").isEmpty());
    }

    @Test
    void delete_missingKey_succeeds() {
        store.delete(bucket, "never/written.bin");

        assertFalse(store.exists(bucket, "never/written.bin"));
    }

    @Test
    void get_missingKey_throwsNotFound() {
        ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class,
                () -> store.get(bucket, "models/missing.onnx"));

        assertTrue(e.getMessage().startsWith("object not found: s3://" + bucket + "/models/missing.onnx"),
                e.getMessage());
    }

    @Test
    void get_missingBucket_throwsNotFound() {
        ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class,
                () -> store.get("no-such-bucket", "models/a.onnx"));

        assertTrue(e.getMessage().startsWith("object not found: s3://no-such-bucket/models/a.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
    }

    @Test
    void missingBucket_findAndExists_reportAbsent() {
        assertTrue(store.find("no-such-bucket", "a").isEmpty());
        assertFalse(store.exists("no-such-bucket", "a"));
    }

    @Test
    void get_missingKey_messageShowsDecodedKey() {
        String key = "images/café au lait+1.png";

        ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> store.get(bucket, key));

        assertTrue(e.getMessage().contains("s3://" + bucket + "/" + key), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "images/café au lait+1.png",
        "with space.txt",
        "plus+sign+.txt",
        "percent%20literal%2F.txt",
        "query?x=1&y=2#frag",
        "deep/nested/prefix/a/b/c/d.txt",
        "unicode/日本語/ファイル.txt",
        "emoji/😀.png",
        "nfd/cafe\u0301.png",
        "tilde~star*colon:.txt",
    })
    void put_specialCharacterKey_roundTrips(String key) {
        byte[] data = utf8("content of " + key);

        store.put(bucket, key, data, null);

        assertArrayEquals(data, store.get(bucket, key));
        assertTrue(store.exists(bucket, key));
        assertEquals(List.of(key), keys(store.list(bucket, "")));
        store.delete(bucket, key);
        assertFalse(store.exists(bucket, key));
    }

    @Test
    void list_specialCharacterKeys_sortedByKey() {
        List<String> keys = List.of("a b", "a+b", "a%b", "aé", "a/b", "a😀");
        for (String key : keys) {
            store.put(bucket, key, utf8(key), null);
        }

        assertEquals(keys.stream().sorted().toList(), keys(store.list(bucket, "a")));
    }

    @Test
    void put_concurrentThreads_storesAll() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String key = "thread-" + thread + "/" + i;
                        store.put(bucket, key, utf8(key), null);
                        // Every thread also rewrites one shared key, so writes to the same key race.
                        store.put(bucket, "shared", utf8("thread-" + thread), null);
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdown();
        }

        List<ObjectInfo> listed = store.list(bucket, "thread-");
        assertEquals(threads * perThread, listed.size());
        for (ObjectInfo info : listed) {
            assertArrayEquals(utf8(info.key()), store.get(bucket, info.key()), info.key());
        }
        assertTrue(new String(store.get(bucket, "shared"), StandardCharsets.UTF_8).startsWith("thread-"));
    }

    @Test
    void createBucketIfMissing_existingBucket_succeeds() {
        store.put(bucket, "kept", utf8("kept"), null);

        store.createBucketIfMissing(bucket);

        assertArrayEquals(utf8("kept"), store.get(bucket, "kept"));
    }

    @Test
    void createBucket_invalidName_namesBucket() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.createBucketIfMissing("ab"));

        assertTrue(e.getMessage().contains("'ab'"), e.getMessage());
    }

    @Test
    void blankArguments_rejectedBeforeRequest() {
        assertThrows(IllegalArgumentException.class, () -> store.put(bucket, " ", utf8("x"), null));
        assertThrows(IllegalArgumentException.class, () -> store.put("", "key", utf8("x"), null));
        assertThrows(IllegalArgumentException.class, () -> store.get(bucket, null));
        assertThrows(IllegalArgumentException.class, () -> store.list(null, "prefix"));
        assertThrows(IllegalArgumentException.class, () -> store.put(bucket, "key", null, null));
        assertThrows(IllegalArgumentException.class, () -> store.createBucketIfMissing(" "));
    }

    @Test
    void serverError_becomesStorageExceptionWithCause() {
        // The filesystem backend cannot store "a" once "a/b" exists, so the put fails on the server.
        store.put(bucket, "a/b", utf8("b"), null);
        S3ObjectStore noRetryStore = new S3ObjectStore(S3ObjectStore.clientBuilder(server.settings())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());

        StorageException e;
        try (noRetryStore) {
            e = assertThrows(StorageException.class, () -> noRetryStore.put(bucket, "a", utf8("a"), null));
        }

        assertFalse(e instanceof ObjectNotFoundException);
        assertTrue(e.getMessage().startsWith("failed to put s3://" + bucket + "/a: HTTP 500"), e.getMessage());
        assertInstanceOf(S3Exception.class, e.getCause());
    }

    private static List<String> keys(List<ObjectInfo> objects) {
        return objects.stream().map(ObjectInfo::key).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
