package dev.linprobe.function;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.demo.DemoDataset;
import dev.linprobe.demo.DemoFiles;
import dev.linprobe.demo.FashionMnist;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.FeatureExtraction;
import dev.linprobe.pipeline.Layout;
import dev.linprobe.pipeline.ProgressListener;
import dev.linprobe.pipeline.ShardWriter;
import dev.linprobe.pipeline.TrainJob;
import dev.linprobe.service.BucketLayout;
import dev.linprobe.service.TrainService;
import dev.linprobe.storage.ObjectInfo;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.SoftmaxTrainerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Real data for the predict function tests: two data sets trained on Fashion-MNIST features of the
 * function's own extractor, and Fashion-MNIST test PNGs to classify.
 */
final class PredictFixtures {
    private PredictFixtures() {}

    /** Data set of the configured default model, trained on all classes. */
    static final String DEFAULT_DATASET = "default";

    /** Data set whose model has only the classes {@link #OTHER_CLASSES}. */
    static final String OTHER_DATASET = "other";

    /** Classes of the {@link #OTHER_DATASET} model, so a batch it classifies gets no other label. */
    static final Set<String> OTHER_CLASSES = Set.of("Trouser", "Bag", "Sneaker");

    static final String DEFAULT_RUN = "fixture-default";
    static final String OTHER_RUN = "fixture-other";

    /** Images per upload of {@link #uploadBatch}, besides the text file and the corrupt PNG. */
    static final int BATCH_IMAGES = 5;

    private static final int TRAIN_IMAGES = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoFiles files;

    /**
     * Empties the bucket's data sets, batches and predictions once per test run, then trains the
     * {@link #DEFAULT_DATASET} and {@link #OTHER_DATASET} models.
     */
    static synchronized void prepare(ObjectStore store, String bucket, BucketLayout layout, FeatureExtractor extractor) {
        if (files != null) {
            return;
        }
        for (String prefix : List.of(layout.datasetsPrefix(), layout.batchesPrefix(), layout.predictionsPrefix())) {
            deletePrefix(store, bucket, prefix);
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("linprobe-predict-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DemoFiles demo = new DemoDataset(fashionMnist()).build(folder, TRAIN_IMAGES, 2 * BATCH_IMAGES, 5);
        String labels = readString(demo.labelsCsv());
        train(store, bucket, layout.dataset(DEFAULT_DATASET), extractor, demo, labels, DEFAULT_RUN);

        String otherLabels = labels.lines()
                .filter(line -> line.startsWith("id,") || OTHER_CLASSES.contains(line.substring(line.indexOf(',') + 1)))
                .collect(Collectors.joining("\n", "", "\n"));
        assertFalse(otherLabels.lines().count() < 1 + OTHER_CLASSES.size(), "too few images of " + OTHER_CLASSES);
        train(store, bucket, layout.dataset(OTHER_DATASET), extractor, demo, otherLabels, OTHER_RUN);
        files = demo;
    }

    private static void train(ObjectStore store, String bucket, Layout data, FeatureExtractor extractor, DemoFiles demo,
            String labels, String runId) {
        List<String> keys = new ArrayList<>();
        for (Path png : pngs(demo.trainFolder())) {
            String key = data.imagesPrefix() + png.getFileName();
            store.putFile(bucket, key, png, "image/png");
            keys.add(key);
        }
        store.put(bucket, data.labelsKey(), labels.getBytes(StandardCharsets.UTF_8), "text/csv");
        String shardPrefix = data.featuresPrefixFor(extractor.info().name());
        try (FeatureExtraction extraction = new FeatureExtraction(store, extractor, 64)) {
            extraction.extract(bucket, keys, ProgressListener.NONE, new ShardWriter(store, bucket, shardPrefix, extractor.info()));
        }
        SoftmaxTrainerConfig config = TrainService.applyOptions(SoftmaxTrainerConfig.defaults(), json("{\"epochs\": 30}"));
        new TrainJob(store).run(new TrainJob.Request(bucket, shardPrefix, data.labelsKey(), data.runsPrefix(), runId, null),
                config, null);
    }

    /**
     * Replaces everything under {@code prefix} with {@link #BATCH_IMAGES} PNGs, a text file and a
     * PNG that does not decode, and returns the ids of the PNGs, sorted.
     */
    static List<String> uploadBatch(ObjectStore store, String bucket, String prefix) {
        deletePrefix(store, bucket, prefix);
        List<String> ids = new ArrayList<>();
        for (Path png : pngs(files.predictFolder()).subList(0, BATCH_IMAGES)) {
            store.putFile(bucket, prefix + png.getFileName(), png, "image/png");
            ids.add(png.getFileName().toString().replace(".png", ""));
        }
        store.put(bucket, prefix + "notes.txt", "taken on the night shift\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        byte[] truncated = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        store.put(bucket, prefix + "broken.png", truncated, "image/png");
        return ids.stream().sorted().toList();
    }

    /** Deletes every object under {@code prefix}. */
    static void deletePrefix(ObjectStore store, String bucket, String prefix) {
        for (ObjectInfo object : store.list(bucket, prefix)) {
            store.delete(bucket, object.key());
        }
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

    /** Reads a test resource, such as {@code /events/b1-ready.json}, as text. */
    static String resource(String name) {
        try (InputStream in = PredictFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                fail("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static List<Path> pngs(Path folder) {
        try (var listing = Files.list(folder)) {
            return listing.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
