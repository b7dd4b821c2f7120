package dev.linprobe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.catalog.CatalogEntry;
import dev.linprobe.catalog.ModelCatalog;
import dev.linprobe.demo.DemoDataset;
import dev.linprobe.demo.DemoFiles;
import dev.linprobe.demo.FashionMnist;
import dev.linprobe.demo.HeldOutScore;
import dev.linprobe.features.ExecutionDevice;
import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.image.PreprocessSpec;
import dev.linprobe.report.MetricsReport;
import dev.linprobe.report.PredictionsCsv;
import dev.linprobe.shard.FeatureShard;
import dev.linprobe.storage.EmbeddedS3Server;
import dev.linprobe.storage.ObjectInfo;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.testing.TestDatasets;
import dev.linprobe.testing.TestModels;
import dev.linprobe.train.SoftmaxModel;
import dev.linprobe.train.SoftmaxTrainerConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on real Fashion-MNIST images, a real model and an embedded S3 server. */
class PipelineTest {

    private static final String BUCKET = "pipeline-test";

    @TempDir
    static Path temp;

    private static EmbeddedS3Server server;
    private static ObjectStore store;
    private static FeatureExtractor extractor;
    private static DemoFiles data;

    @BeforeAll
    static void start() {
        Path fashionMnist = TestDatasets.fashionMnist();
        CatalogEntry entry = ModelCatalog.load().entry("mobilenetv2-12-int8");
        PreprocessSpec wholeImage = new PreprocessSpec(224, 224, PreprocessSpec.IMAGENET_MEAN, PreprocessSpec.IMAGENET_STD);
        extractor = FeatureExtractor.open(new ExtractorSpec(entry.name(), TestModels.cache().resolve(entry), entry.sha256(),
                wholeImage, entry.featureLayer(), entry.featureDimension()), ExecutionDevice.CPU);
        data = new DemoDataset(fashionMnist).build(temp.resolve("data"), 1000, 100, 3);
        server = EmbeddedS3Server.start(temp.resolve("s3"));
        store = server.openStore();
        store.createBucketIfMissing(BUCKET);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
        if (extractor != null) {
            extractor.close();
        }
    }

    @Test
    void localRun_fashionMnist_writesEveryOutput() throws Exception {
        Path output = temp.resolve("out");
        SoftmaxTrainerConfig config = SoftmaxTrainerConfig.defaults().withEpochs(40);
        LocalRun.Request request = new LocalRun.Request(data.trainFolder(), data.labelsCsv(), data.predictFolder(), output,
                "fashion", "batch1", config, null, PredictionsCsv.Options.LABEL_ONLY, 64);
        List<String> messages = new ArrayList<>();
        LocalRun.Listener listener = new LocalRun.Listener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }
        };

        LocalRun.Summary summary = new LocalRun(store, BUCKET, extractor, listener).run(request);

        assertEquals(1000, summary.trainExtraction().extracted());
        assertEquals(List.of(), summary.trainExtraction().failures());
        assertEquals(4, messages.size(), messages.toString());
        for (String name : List.of("model.safetensors", "metrics.json", "learning-curves.png", "learning-curves.svg",
                "training.log", "predictions.csv")) {
            assertTrue(Files.size(output.resolve(name)) > 0, name);
        }
        assertTrue(Files.notExists(output.resolve("failures.json")));

        List<String> rows = Files.readAllLines(output.resolve("predictions.csv"));
        assertEquals("id,Label", rows.get(0));
        assertEquals(101, rows.size());
        List<String> ids = rows.subList(1, rows.size()).stream().map(row -> row.substring(0, row.indexOf(','))).toList();
        assertEquals(ids.stream().sorted().toList(), ids);
        for (String row : rows.subList(1, rows.size())) {
            String label = row.substring(row.indexOf(',') + 1).replace("\"", "");
            assertTrue(FashionMnist.CLASS_NAMES.contains(label), row);
        }
        HeldOutScore score = HeldOutScore.compute(output.resolve("predictions.csv"), data.predictTruthCsv());
        assertEquals(100, score.scored());
        assertTrue(score.accuracy() >= 0.70, "held-out accuracy " + score.accuracy());

        MetricsReport metrics = MetricsReport.fromJson(Files.readAllBytes(output.resolve("metrics.json")));
        assertEquals(40, metrics.epochs().size());
        assertEquals(summary.training().result().bestEpoch(), metrics.bestEpoch());
        assertTrue(metrics.bestValidationAccuracy() >= 0.75, "validation accuracy " + metrics.bestValidationAccuracy());
        assertEquals(300, java.util.Arrays.stream(metrics.confusionMatrix()).flatMapToInt(java.util.Arrays::stream).sum());
        assertEquals(900, ImageIO.read(output.resolve("learning-curves.png").toFile()).getWidth());

        SoftmaxModel model = SoftmaxModel.decode(Files.readAllBytes(output.resolve("model.safetensors")), "model");
        assertEquals(extractor.info(), model.extractor());
        assertEquals(FashionMnist.CLASS_NAMES.stream().sorted().toList(), model.classNames());
        assertNotNull(model.featureMean());
        assertTrue(model.metadata().get("config").contains("\"l2\":0.01"), model.metadata().get("config"));

        Layout layout = Layout.forDataset("fashion");
        String runId = summary.training().runPrefix().substring(layout.runsPrefix().length()).replace("/", "");
        assertEquals(runId + "\n", new String(store.get(BUCKET, layout.runsPrefix() + TrainJob.LATEST), StandardCharsets.UTF_8));
        List<ObjectInfo> shards = store.list(BUCKET, layout.featuresPrefixFor(extractor.info().name()));
        assertEquals(16, shards.size(), "1000 images in batches of 64");
    }

    @Test
    void extraction_repeated_replacesItsOwnShards() throws Exception {
        List<String> keys = uploadTrainImages("repeat/images/", 150);
        String prefix = "repeat/features/";

        List<String> first = extractInto(keys, prefix).shardKeys();
        List<String> second = extractInto(keys, prefix).shardKeys();

        assertEquals(first, second);
        assertEquals(3, store.list(BUCKET, prefix).size());
        FeatureSet set = FeatureSet.load(store, BUCKET, prefix);
        assertEquals(150, set.ids().size());
    }

    @Test
    void extraction_badImages_reportedAndRestKept() throws Exception {
        List<String> keys = new ArrayList<>(uploadTrainImages("bad/images/", 10));
        byte[] noise = new byte[500];
        new Random(5).nextBytes(noise);
        store.put(BUCKET, "bad/images/noise.png", noise, "image/png");
        store.put(BUCKET, "bad/images/empty.jpg", new byte[0], "image/jpeg");
        keys.add("bad/images/noise.png");
        keys.add("bad/images/empty.jpg");
        keys.add("bad/images/deleted.png");
        keys.add("bad/other/" + keys.get(0).substring("bad/images/".length()));

        ShardWriter writer = extractInto(keys, "bad/features/");

        List<String> shardIds = FeatureSet.load(store, BUCKET, "bad/features/").ids();
        assertEquals(10, shardIds.size());
        assertEquals(1, writer.failureReportKeys().size());
        String report = new String(store.get(BUCKET, writer.failureReportKeys().get(0)), StandardCharsets.UTF_8);
        assertTrue(report.contains("bad/images/noise.png"), report);
        assertTrue(report.contains("bad/images/empty.jpg"), report);
        assertTrue(report.contains("bad/images/deleted.png"), report);
        assertTrue(report.contains("not found"), report);
        assertTrue(report.contains("duplicate image id"), report);
    }

    @Test
    void trainJob_shardsOfTwoExtractors_rejected() throws Exception {
        List<String> keys = uploadTrainImages("mixed/images/", 20);
        extractInto(keys, "mixed/features/");
        ExtractorInfo other = new ExtractorInfo("other-model", "cd".repeat(32), "pool", 1280, PreprocessSpec.IMAGENET);
        FeatureShard foreign = new FeatureShard(List.of("x1"), new float[1280], other);
        store.put(BUCKET, "mixed/features/" + foreign.fileName(), foreign.encode(), "application/octet-stream");
        store.putFile(BUCKET, "mixed/labels.csv", data.labelsCsv(), "text/csv");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new TrainJob(store).run(
                new TrainJob.Request(BUCKET, "mixed/features/", "mixed/labels.csv", "mixed/runs/", "r1", null),
                SoftmaxTrainerConfig.defaults().withEpochs(2), null));

        assertTrue(error.getMessage().contains("disagree on the extractor"), error.getMessage());
        assertTrue(error.getMessage().contains(foreign.fileName()), error.getMessage());
        assertTrue(store.list(BUCKET, "mixed/runs/").isEmpty(), "nothing may be written for a rejected run");
    }

    @Test
    void predictJob_modelOfOtherPreprocessing_rejected() {
        ExtractorInfo cropped = new ExtractorInfo(extractor.info().name(), extractor.info().sha256(),
                extractor.info().featureLayer(), 1280, PreprocessSpec.IMAGENET);
        SoftmaxModel model = new SoftmaxModel(List.of("a", "b"), 1280, new float[2 * 1280], new float[2], null, null,
                cropped, Map.of());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new PredictJob(store, extractor, 8)
                .run(BUCKET, List.of("any.png"), model, "s3://b/model", "out.csv", PredictionsCsv.Options.LABEL_ONLY,
                        ProgressListener.NONE));

        assertTrue(error.getMessage().contains("preprocessing"), error.getMessage());
        assertTrue(store.find(BUCKET, "out.csv").isEmpty());
    }

    @Test
    void trainJob_labelsMatchNoFeatures_explains() throws Exception {
        List<String> keys = uploadTrainImages("nomatch/images/", 5);
        extractInto(keys, "nomatch/features/");
        store.put(BUCKET, "nomatch/labels.csv", "id,Label\nsomeone-else,Coat\n".getBytes(StandardCharsets.UTF_8), "text/csv");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new TrainJob(store).run(
                new TrainJob.Request(BUCKET, "nomatch/features/", "nomatch/labels.csv", "nomatch/runs/", "r1", null),
                SoftmaxTrainerConfig.defaults(), null));

        assertTrue(error.getMessage().contains("no labelled image has features"), error.getMessage());
    }

    @Test
    void featureSet_roundTripsShardValues() throws Exception {
        List<String> keys = uploadTrainImages("values/images/", 3);
        List<float[]> direct = new ArrayList<>();
        try (FeatureExtraction extraction = new FeatureExtraction(store, extractor, 8)) {
            extraction.extract(BUCKET, keys, ProgressListener.NONE, (ids, batchKeys, features, failures) -> direct.add(features));
        }
        extractInto(keys, "values/features/");

        FeatureSet set = FeatureSet.load(store, BUCKET, "values/features/");

        assertArrayEquals(direct.get(0), set.features());
        assertEquals(keys.stream().map(ImageKeys::idOf).toList(), set.ids());
    }

    @Test
    void trainJob_olderRunAfterNewer_keepsLatestPointer() throws Exception {
        List<String> keys = uploadTrainImages("pointer/images/", 40);
        extractInto(keys, "pointer/features/");
        store.putFile(BUCKET, "pointer/labels.csv", data.labelsCsv(), "text/csv");
        TrainJob job = new TrainJob(store);
        SoftmaxTrainerConfig config = SoftmaxTrainerConfig.defaults().withEpochs(2);

        job.run(new TrainJob.Request(BUCKET, "pointer/features/", "pointer/labels.csv", "pointer/runs/", "20990101-000000-000", null),
                config, null);
        job.run(new TrainJob.Request(BUCKET, "pointer/features/", "pointer/labels.csv", "pointer/runs/", "20000101-000000-000", null),
                config, null);

        assertEquals("20990101-000000-000\n", new String(store.get(BUCKET, "pointer/runs/latest"), StandardCharsets.UTF_8));
        assertTrue(store.exists(BUCKET, "pointer/runs/20000101-000000-000/model.safetensors"), "the older run is still written");
    }

    @Test
    void extractService_knativeQueueMessage_extractsImages() throws Exception {
        List<String> keys = uploadTrainImages("datasets/knative/images/", 2);
        String notification = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + BUCKET + "\"},\"object\":{\"key\":\"" + keys.get(0) + "\",\"size\":10}}}]}";
        var message = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("MessageId", "m-1").put("Body", notification);
        var service = new dev.linprobe.service.ExtractService(store, extractor, dev.linprobe.service.BucketLayout.DEFAULT, 8);

        var response = service.handle(message);

        assertEquals(1, response.extracted());
        assertEquals(1, response.shards().size());
        assertTrue(response.shards().get(0).startsWith("datasets/knative/features/" + extractor.info().name() + "/"),
                response.shards().toString());
    }

    @Test
    void extractService_sqsMessageForMissingBucket_failsOnlyThatMessage() throws Exception {
        List<String> keys = uploadTrainImages("datasets/sqsbucket/images/", 1);
        String good = notification(BUCKET, keys.get(0));
        String missing = notification("no-such-bucket-linprobe", keys.get(0));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var batch = mapper.createObjectNode();
        var records = batch.putArray("Records");
        records.addObject().put("eventSource", "aws:sqs").put("messageId", "good").put("body", good);
        records.addObject().put("eventSource", "aws:sqs").put("messageId", "bad-bucket").put("body", missing);
        var service = new dev.linprobe.service.ExtractService(store, extractor, dev.linprobe.service.BucketLayout.DEFAULT, 8);

        var response = service.handle(batch);

        assertEquals(List.of(new dev.linprobe.service.ExtractService.BatchItemFailure("bad-bucket")), response.batchItemFailures());
        assertEquals(1, response.extracted());
        assertEquals(1, store.list(BUCKET, "datasets/sqsbucket/features/").size());
    }

    private static String notification(String bucket, String key) {
        return "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":10}}}]}";
    }

    private static List<String> uploadTrainImages(String prefix, int count) throws Exception {
        List<String> keys = new ArrayList<>();
        try (var files = Files.list(data.trainFolder())) {
            for (Path file : files.sorted().limit(count).toList()) {
                String key = prefix + file.getFileName();
                store.putFile(BUCKET, key, file, "image/png");
                keys.add(key);
            }
        }
        return keys;
    }

    private static ShardWriter extractInto(List<String> keys, String prefix) {
        ShardWriter writer = new ShardWriter(store, BUCKET, prefix, extractor.info());
        try (FeatureExtraction extraction = new FeatureExtraction(store, extractor, 64)) {
            extraction.extract(BUCKET, keys, ProgressListener.NONE, writer);
        }
        return writer;
    }

    static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
