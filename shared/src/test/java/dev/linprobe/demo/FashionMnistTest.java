package dev.linprobe.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path folder;

    private HttpServer server;
    private final Map<String, byte[]> served = new HashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    /** Starts a file server on a free loopback port that serves {@link #served} under {@code /data/}. */
    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/data/".length());
            requests.add(name);
            byte[] body = served.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data");
    }

    /** Serves the files of a tiny Fashion-MNIST look-alike with {@code count} images per split. */
    private Path serveTinyFashionMnist(int count) throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, count);
        for (String name : FashionMnist.fileNames()) {
            served.put(name, Files.readAllBytes(source.resolve(name)));
        }
        return source;
    }

    @Test
    void locate_explicitFolder_returnedAsIs() throws IOException {
        Path source = folder.resolve("explicit");
        IdxFiles.writeTinyFashionMnist(source, 3);
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), folder.resolve("cache"), baseUrl());

        assertEquals(source, locator.locate(source));
        assertTrue(requests.isEmpty(), "requests: " + requests);
    }

    @Test
    void locate_explicitFolderLacksFile_rejected() throws IOException {
        Path source = folder.resolve("explicit");
        IdxFiles.writeTinyFashionMnist(source, 3);
        Files.delete(source.resolve("t10k-labels-idx1-ubyte.gz"));
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), folder.resolve("cache"), baseUrl());

        FashionMnistUnavailableException e = assertThrows(FashionMnistUnavailableException.class, () -> locator.locate(source));

        assertTrue(e.getMessage().contains(source.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("lacks the files [t10k-labels-idx1-ubyte.gz]"), e.getMessage());
        assertTrue(requests.isEmpty(), "requests: " + requests);
    }

    @Test
    void locate_systemFolderComplete_usedWithoutDownload() throws IOException {
        Path system = folder.resolve("system");
        IdxFiles.writeTinyFashionMnist(system, 3);
        FashionMnist locator = new FashionMnist(system, folder.resolve("cache"), baseUrl());

        assertEquals(system, locator.locate(null));
        assertTrue(requests.isEmpty(), "requests: " + requests);
    }

    @Test
    void locate_noSystemFolder_downloadsIntoCache() throws IOException {
        Path source = serveTinyFashionMnist(3);
        Path cache = folder.resolve("cache");
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), cache, baseUrl());

        Path located = locator.locate(null);

        assertEquals(cache.toAbsolutePath().normalize(), located);
        assertEquals(FashionMnist.fileNames(), requests);
        for (String name : FashionMnist.fileNames()) {
            assertArrayEquals(Files.readAllBytes(source.resolve(name)), Files.readAllBytes(cache.resolve(name)), name);
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(4, files.count(), "no partial download may remain in the cache");
        }
        LabelledImages train = FashionMnist.read(located, FashionMnist.Split.TRAIN);
        assertEquals(3, train.size());
        assertEquals(2, train.label(2));
        assertEquals(3, train.images().pixel(2, 27, 27));
    }

    @Test
    void locate_cacheComplete_noSecondDownload() throws IOException {
        serveTinyFashionMnist(3);
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), folder.resolve("cache"), baseUrl());
        locator.locate(null);
        requests.clear();

        locator.locate(null);

        assertTrue(requests.isEmpty(), "requests: " + requests);
    }

    @Test
    void locate_cacheLacksOneFile_downloadsIt() throws IOException {
        serveTinyFashionMnist(3);
        Path cache = folder.resolve("cache");
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), cache, baseUrl());
        locator.locate(null);
        Files.delete(cache.resolve("train-labels-idx1-ubyte.gz"));
        requests.clear();

        locator.locate(null);

        assertEquals(List.of("train-labels-idx1-ubyte.gz"), requests);
    }

    @Test
    void locate_notFoundOnServer_namesDebianPackage() {
        Path cache = folder.resolve("cache");
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), cache, baseUrl());

        FashionMnistUnavailableException e = assertThrows(FashionMnistUnavailableException.class, () -> locator.locate(null));

        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("Install the Debian package dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("pass a folder"), e.getMessage());
    }

    @Test
    void locate_serverDown_namesDebianPackage() {
        URI unreachable = baseUrl();
        server.stop(0);
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), folder.resolve("cache"), unreachable);

        FashionMnistUnavailableException e = assertThrows(FashionMnistUnavailableException.class, () -> locator.locate(null));

        assertTrue(e.getMessage().contains("failed to download Fashion-MNIST from " + unreachable), e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void locate_invalidDownload_notCached() throws IOException {
        serveTinyFashionMnist(3);
        served.put("train-images-idx3-ubyte.gz", "<html>not found</html>".getBytes());
        Path cache = folder.resolve("cache");
        FashionMnist locator = new FashionMnist(folder.resolve("no-system"), cache, baseUrl());

        FashionMnistUnavailableException e = assertThrows(FashionMnistUnavailableException.class, () -> locator.locate(null));

        assertTrue(e.getMessage().contains("not a valid IDX file"), e.getMessage());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(List.of(), files.toList(), "the invalid download and its temporary file must be gone");
        }
    }

    @Test
    void read_countMismatch_rejected() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 3);
        IdxFiles.writeGzip(source.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.labels(new byte[] {1, 2}));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> FashionMnist.read(source, FashionMnist.Split.TRAIN));

        assertTrue(e.getMessage().contains("contains 2 labels but"), e.getMessage());
        assertTrue(e.getMessage().contains("contains 3 images"), e.getMessage());
    }

    @Test
    void read_labelOutOfRange_rejected() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 3);
        IdxFiles.writeGzip(source.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.labels(new byte[] {1, 10, 2}));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> FashionMnist.read(source, FashionMnist.Split.TEST));

        assertTrue(e.getMessage().contains("label 10 of image 1 is invalid"), e.getMessage());
    }

    @Test
    void read_wrongImageSize_rejected() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 1);
        IdxFiles.writeGzip(source.resolve("train-images-idx3-ubyte.gz"), IdxFiles.images(1, 2, 2, new byte[4]));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> FashionMnist.read(source, FashionMnist.Split.TRAIN));

        assertTrue(e.getMessage().contains("images are 2 x 2 pixels"), e.getMessage());
    }

    @Test
    void read_realTrainSplit_labelsMatchClassNames() {
        LabelledImages train = FashionMnist.read(IdxFiles.requireFashionMnist(), FashionMnist.Split.TRAIN);

        assertEquals(60_000, train.size());
        assertEquals(9, train.label(0));
        assertEquals("Ankle boot", FashionMnist.className(train.label(0)));
        assertEquals("T-shirt/top", FashionMnist.className(0));
    }

    @Test
    void className_eleven_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.className(11));

        assertEquals("Fashion-MNIST label 11 is invalid; labels are 0 to 9", e.getMessage());
    }
}
