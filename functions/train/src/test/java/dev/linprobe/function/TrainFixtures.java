package dev.linprobe.function;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.demo.DemoDataset;
import dev.linprobe.demo.DemoFiles;
import dev.linprobe.demo.FashionMnist;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.FeatureExtraction;
import dev.linprobe.pipeline.ProgressListener;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.ObjectInfo;
import dev.linprobe.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Real training data for the train function tests: Fashion-MNIST PNGs from the Debian package
 * {@code dataset-fashion-mnist}, uploaded to the embedded S3 server and turned into feature shards
 * by the function's own extractor.
 */
final class TrainFixtures {
    private TrainFixtures() {}

    /** Labelled images per data set, few so that extraction and training stay fast. */
    static final int IMAGES = 60;

    private static final String IMAGES_PREFIX = "fixtures/fashion-mnist/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<FeatureShard> shards;
    private static byte[] labelsCsv;

    /** Returns the shards of {@link #IMAGES} real images, extracting them on the first call. */
    static synchronized List<FeatureShard> shards(ObjectStore store, String bucket, FeatureExtractor extractor) {
        if (shards == null) {
            extract(store, bucket, extractor);
        }
        return shards;
    }

    /** Returns the labels CSV ({@code id,Label}) of the images behind {@link #shards}. */
    static synchronized byte[] labelsCsv(ObjectStore store, String bucket, FeatureExtractor extractor) {
        if (labelsCsv == null) {
            extract(store, bucket, extractor);
        }
        return labelsCsv;
    }

    private static void extract(ObjectStore store, String bucket, FeatureExtractor extractor) {
        Path folder;
        try {
            folder = Files.createTempDirectory("linprobe-train-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DemoFiles files = new DemoDataset(fashionMnist()).build(folder, IMAGES, 1, 11);
        List<String> keys = new ArrayList<>();
        try (var pngs = Files.list(files.trainFolder())) {
            for (Path png : pngs.sorted().toList()) {
                String key = IMAGES_PREFIX + png.getFileName();
                store.putFile(bucket, key, png, "image/png");
                keys.add(key);
            }
            labelsCsv = Files.readAllBytes(files.labelsCsv());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<FeatureShard> collected = new ArrayList<>();
        try (FeatureExtraction extraction = new FeatureExtraction(store, extractor, 32)) {
            FeatureExtraction.Result result = extraction.extract(bucket, keys, ProgressListener.NONE,
                    (ids, batchKeys, features, failures) -> collected.add(new FeatureShard(ids, features, extractor.info())));
            if (!result.failures().isEmpty() || result.extracted() != IMAGES) {
                fail("extraction of the fixture images failed: " + result);
            }
        }
        shards = List.copyOf(collected);
    }

    /** Returns the Fashion-MNIST folder, or fails the test under CI and skips it elsewhere when the files are missing. */
    static Path fashionMnist() {
        for (String name : FashionMnist.fileNames()) {
            Path file = FashionMnist.SYSTEM_FOLDER.resolve(name);
            if (!Files.isRegularFile(file)) {
                String message = "test input " + file + " is missing: install the Debian package " + FashionMnist.DEBIAN_PACKAGE;
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message);
                }
                Assumptions.abort(message);
            }
        }
        return FashionMnist.SYSTEM_FOLDER;
    }

    /** Deletes every object under {@code prefix}. */
    static void deletePrefix(ObjectStore store, String bucket, String prefix) {
        for (ObjectInfo object : store.list(bucket, prefix)) {
            store.delete(bucket, object.key());
        }
    }

    /** Returns the keys under {@code prefix}, sorted. */
    static List<String> keys(ObjectStore store, String bucket, String prefix) {
        return store.list(bucket, prefix).stream().map(ObjectInfo::key).toList();
    }

    /** Reads an object as UTF-8 text. */
    static String text(ObjectStore store, String bucket, String key) {
        return new String(store.get(bucket, key), StandardCharsets.UTF_8);
    }

    /** Parses JSON text. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a test resource, such as {@code /events/scheduled.json}, as text. */
    static String resource(String name) {
        try (InputStream in = TrainFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                fail("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
