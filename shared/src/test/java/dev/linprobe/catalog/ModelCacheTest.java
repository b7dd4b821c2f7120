package dev.linprobe.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.image.PreprocessOverride;
import dev.linprobe.image.PreprocessSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from an HTTP server on loopback that the test starts, and checks checksums. */
class ModelCacheTest {

    @TempDir
    Path temp;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final byte[] model = new byte[50_000];

    @BeforeEach
    void startServer() throws IOException {
        new Random(4).nextBytes(model);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/model.onnx", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, model.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(model);
            }
        });
        server.createContext("/missing.onnx", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private CatalogEntry entry(String path, String sha256) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new CatalogEntry("test-model", "a test model", url, "test-model.onnx", sha256, PreprocessSpec.IMAGENET, null, 8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void resolve_missingFile_downloadsAndVerifies() throws Exception {
        ModelCache cache = new ModelCache(temp.resolve("cache"));

        Path file = cache.resolve(entry("/model.onnx", sha256(model)));

        assertArrayEquals(model, Files.readAllBytes(file));
        assertEquals(temp.resolve("cache/test-model.onnx"), file);
        assertEquals(1, requests.get());
    }

    @Test
    void resolve_cachedFileWithRightChecksum_skipsDownload() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("cache"));
        Files.write(folder.resolve("test-model.onnx"), model);

        Path file = new ModelCache(folder).resolve(entry("/model.onnx", sha256(model)));

        assertArrayEquals(model, Files.readAllBytes(file));
        assertEquals(0, requests.get());
    }

    @Test
    void resolve_cachedFileWithWrongChecksum_downloadsAgain() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("cache"));
        Files.writeString(folder.resolve("test-model.onnx"), "damaged");

        Path file = new ModelCache(folder).resolve(entry("/model.onnx", sha256(model)));

        assertArrayEquals(model, Files.readAllBytes(file));
        assertEquals(1, requests.get());
    }

    @Test
    void resolve_downloadWithWrongChecksum_failsAndLeavesNothing() {
        ModelCache cache = new ModelCache(temp.resolve("cache"));
        String wrong = "0".repeat(64);

        ModelDownloadException error = assertThrows(ModelDownloadException.class,
                () -> cache.resolve(entry("/model.onnx", wrong)));

        assertTrue(error.getMessage().contains("expected " + wrong), error.getMessage());
        assertTrue(error.getMessage().contains("--model PATH"), error.getMessage());
        assertEquals(List.of(), list(temp.resolve("cache")));
    }

    @Test
    void resolve_serverAnswers404_namesUrlAndStatus() {
        ModelCache cache = new ModelCache(temp.resolve("cache"));

        ModelDownloadException error = assertThrows(ModelDownloadException.class,
                () -> cache.resolve(entry("/missing.onnx", null)));

        assertTrue(error.getMessage().contains("HTTP 404"), error.getMessage());
        assertTrue(error.getMessage().contains("/missing.onnx"), error.getMessage());
        assertEquals(List.of(), list(temp.resolve("cache")));
    }

    @Test
    void resolve_noPublishedChecksum_recordsFirstDownload() throws Exception {
        ModelCache cache = new ModelCache(temp.resolve("cache"));
        CatalogEntry unverified = entry("/model.onnx", null);

        cache.resolve(unverified);
        Files.write(temp.resolve("cache/test-model.onnx"), "tampered".getBytes(StandardCharsets.UTF_8));
        Path again = cache.resolve(unverified);

        assertEquals(sha256(model) + "\n", Files.readString(temp.resolve("cache/test-model.onnx.sha256")));
        assertArrayEquals(model, Files.readAllBytes(again), "a file that no longer matches the recorded checksum is replaced");
        assertEquals(2, requests.get());
    }

    @Test
    void locate_explicitFolder_winsOverEnvironment() {
        assertEquals(temp.toAbsolutePath(), ModelCache.locate(temp).folder());
    }

    @Test
    void catalog_listsMobileNetAndResNets() {
        ModelCatalog catalog = ModelCatalog.load();

        assertEquals("mobilenetv2-12-int8", catalog.defaultEntry().name());
        assertEquals("83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f", catalog.defaultEntry().sha256());
        assertEquals(1280, catalog.defaultEntry().featureDimension());
        assertEquals(2048, catalog.entry("resnet50-v1-7").featureDimension());
        assertEquals(2048, catalog.entry("resnet50-v2-7").featureDimension());
        for (CatalogEntry entry : catalog.entries()) {
            assertEquals(PreprocessSpec.IMAGENET, entry.preprocess(), entry.name());
            assertTrue(entry.url().toString().startsWith("https://"), entry.name());
        }
    }

    @Test
    void catalog_unknownName_listsKnownNames() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelCatalog.load().entry("resnet51"));

        assertTrue(error.getMessage().contains("'resnet51'"), error.getMessage());
        assertTrue(error.getMessage().contains("resnet50-v1-7"), error.getMessage());
    }

    @Test
    void resolver_localFile_usesItsChecksumAndOverrides() throws Exception {
        Path file = Files.write(temp.resolve("custom net.onnx"), model);
        ModelResolver resolver = new ModelResolver(ModelCatalog.load(), new ModelCache(temp.resolve("cache")));

        ExtractorSpec spec = resolver.resolve(file.toString(), new PreprocessOverride(224, 224, null, null), "pool");

        assertEquals("custom net", spec.name());
        assertEquals(sha256(model), spec.sha256());
        assertEquals(224, spec.preprocess().resizeShorter());
        assertEquals("pool", spec.featureLayer());
        assertEquals(0, spec.expectedDimension());
    }

    @Test
    void resolver_neitherNameNorFile_rejected() {
        ModelResolver resolver = new ModelResolver(ModelCatalog.load(), new ModelCache(temp.resolve("cache")));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> resolver.resolve("no/such/model.onnx", PreprocessOverride.NONE, null));

        assertTrue(error.getMessage().contains("no/such/model.onnx"), error.getMessage());
        assertFalse(error.getMessage().isBlank());
    }

    private static List<String> list(Path folder) {
        try (var files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
