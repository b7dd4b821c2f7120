package dev.linprobe.pipeline;

import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.labels.LabelJoin;
import dev.linprobe.labels.Labels;
import dev.linprobe.labels.LabelsCsv;
import dev.linprobe.report.PredictionsCsv;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.SoftmaxModel;
import dev.linprobe.train.SoftmaxTrainer;
import dev.linprobe.train.SoftmaxTrainerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job on local folders: upload labelled and new images to object storage, extract
 * features, train, predict, and copy every output back to a local folder. It runs the same jobs
 * as the serverless functions, against whatever {@link ObjectStore} it is given.
 */
public final class LocalRun {

    /** Receives progress, epochs and step messages. */
    public interface Listener extends ProgressListener, SoftmaxTrainer.EpochListener {
        /** Reports the start of a step or a fact worth showing. */
        default void message(String text) {}

        @Override
        default void onEpoch(dev.linprobe.train.EpochMetrics metrics) {}
    }

    /**
     * The inputs and settings of a run.
     *
     * @param trainImages folder of labelled images
     * @param labels CSV with the header {@code id,Label}
     * @param predictImages folder of images to classify
     * @param output folder for the outputs, created if missing
     * @param dataset data set name in the bucket layout
     * @param batch prediction batch name in the bucket layout
     * @param config trainer hyperparameters
     * @param validationIds ids to hold out for validation, or null for a random split
     * @param csv probability columns of the predictions CSV
     * @param extractBatchSize images per network run and per shard
     */
    public record Request(
            Path trainImages,
            Path labels,
            Path predictImages,
            Path output,
            String dataset,
            String batch,
            SoftmaxTrainerConfig config,
            List<String> validationIds,
            PredictionsCsv.Options csv,
            int extractBatchSize) {}

    /**
     * The outputs of a run.
     *
     * @param training the training outcome
     * @param prediction the prediction outcome
     * @param trainExtraction how many labelled images gave features, and which failed
     * @param skippedFiles files in the image folders that are not images
     * @param files output files written, by name
     * @param timings seconds per step: upload, extract, train, predict
     */
    public record Summary(
            TrainJob.Outcome training,
            PredictJob.Outcome prediction,
            FeatureExtraction.Result trainExtraction,
            List<String> skippedFiles,
            Map<String, Path> files,
            Map<String, Double> timings) {}

    private final ObjectStore store;
    private final String bucket;
    private final FeatureExtractor extractor;
    private final Listener listener;

    /** Creates a run over a store and bucket, with an open extractor. */
    public LocalRun(ObjectStore store, String bucket, FeatureExtractor extractor, Listener listener) {
        this.store = store;
        this.bucket = bucket;
        this.extractor = extractor;
        this.listener = listener;
    }

    /**
     * Runs the main job.
     *
     * @throws IllegalArgumentException when an input is missing or invalid, before any expensive step
     */
    public Summary run(Request request) {
        List<String> skipped = checkInputs(request.trainImages(), request.labels(), request.predictImages(), request.output(),
                request.validationIds(), request.csv());
        List<Path> trainFiles = LocalFiles.listImages(request.trainImages(), new ArrayList<>());
        List<Path> predictFiles = LocalFiles.listImages(request.predictImages(), new ArrayList<>());

        Layout layout = Layout.forDataset(request.dataset());
        Map<String, Double> timings = new LinkedHashMap<>();
        store.createBucketIfMissing(bucket);
        Instant started = Instant.now();
        listener.message("Uploading " + trainFiles.size() + " labelled and " + predictFiles.size() + " new images to s3://" + bucket);
        LocalFiles.Upload train = LocalFiles.upload(store, bucket, request.trainImages(), layout.imagesPrefix(), listener);
        LocalFiles.Upload predict = LocalFiles.upload(store, bucket, request.predictImages(),
                layout.batchImagesPrefix(request.batch()), listener);
        store.putFile(bucket, layout.labelsKey(), request.labels(), "text/csv");
        timings.put("upload", seconds(started));

        started = Instant.now();
        String shardPrefix = layout.featuresPrefixFor(extractor.info().name());
        listener.message("Extracting features of " + train.keys().size() + " labelled images with " + extractor.info().name());
        FeatureExtraction.Result extraction;
        try (FeatureExtraction extraction0 = new FeatureExtraction(store, extractor, request.extractBatchSize())) {
            extraction = extraction0.extract(bucket, train.keys(), listener,
                    new ShardWriter(store, bucket, shardPrefix, extractor.info()));
        }
        timings.put("extract", seconds(started));

        started = Instant.now();
        listener.message("Training a softmax classifier (" + request.config().optimizer().name().toLowerCase(java.util.Locale.ROOT)
                + ", up to " + request.config().epochs() + " epochs)");
        TrainJob.Request trainRequest = new TrainJob.Request(bucket, shardPrefix, layout.labelsKey(), layout.runsPrefix(),
                TrainJob.newRunId(Instant.now()), request.validationIds());
        TrainJob.Outcome training = new TrainJob(store).run(trainRequest, request.config(), listener);
        timings.put("train", seconds(started));

        started = Instant.now();
        listener.message("Classifying " + predict.keys().size() + " new images");
        SoftmaxModel model = training.result().model();
        String predictionsKey = layout.predictionsKey(request.batch());
        PredictJob.Outcome prediction = new PredictJob(store, extractor, request.extractBatchSize()).run(bucket,
                predict.keys(), model, "s3://" + bucket + "/" + training.runPrefix() + TrainJob.MODEL, predictionsKey,
                request.csv(), listener);
        timings.put("predict", seconds(started));

        List<Failure> failures = new ArrayList<>(localised(extraction.failures(), bucket, layout.imagesPrefix(),
                request.trainImages()));
        failures.addAll(localised(prediction.failures(), bucket, layout.batchImagesPrefix(request.batch()),
                request.predictImages()));
        Map<String, Path> files = download(request.output(), training, prediction, failures);
        return new Summary(training, prediction, extraction, skipped, files, timings);
    }

    private static Labels readLocalLabels(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, but the labels must be a CSV file with the header id,Label");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("labels file not found: " + file + " (give a CSV with the header id,Label)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return LabelsCsv.parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read labels " + file, e);
        }
    }

    /**
     * Checks the local inputs before anything expensive starts. Both folders must contain images, the
     * labels file must parse, and labelled images must cover at least two classes. The validation ids
     * must name labelled images, the CSV may request no more labels than there are classes, and the
     * output folder must not be a file.
     *
     * @param validationIds ids to hold out, or null
     * @return the files of both folders that are not images, relative to their folder
     * @throws IllegalArgumentException naming the folder, file or value at fault
     */
    public static List<String> checkInputs(Path trainImages, Path labelsFile, Path predictImages, Path output,
            List<String> validationIds, PredictionsCsv.Options csv) {
        Labels labels = readLocalLabels(labelsFile);
        List<String> skipped = new ArrayList<>();
        List<Path> trainFiles = LocalFiles.listImages(trainImages, skipped);
        List<Path> predictFiles = LocalFiles.listImages(predictImages, skipped);
        if (trainFiles.isEmpty()) {
            throw new IllegalArgumentException("no images (.jpg, .jpeg, .png, .bmp, .gif) found in " + trainImages);
        }
        if (predictFiles.isEmpty()) {
            throw new IllegalArgumentException("no images (.jpg, .jpeg, .png, .bmp, .gif) found in " + predictImages);
        }
        List<String> ids = trainFiles.stream().map(file -> ImageKeys.idOf(file.getFileName().toString())).toList();
        LabelJoin.Result join = LabelJoin.join(labels, ids);
        if (join.matchedIds().isEmpty()) {
            throw new IllegalArgumentException("no image in " + trainImages + " has a label in " + labelsFile + ": "
                    + join.summary());
        }
        java.util.Set<String> classes = new java.util.TreeSet<>();
        for (String id : join.matchedIds()) {
            classes.add(labels.labelById().get(id));
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("the labelled images in " + trainImages + " all have the label " + classes
                    + ": a classifier needs images of at least 2 classes");
        }
        if (csv != null && csv.topK() > classes.size()) {
            throw new IllegalArgumentException("--top-k " + csv.topK() + " requests more labels than the " + classes.size()
                    + " classes: use at most --top-k " + classes.size());
        }
        if (validationIds != null) {
            if (validationIds.isEmpty()) {
                throw new IllegalArgumentException("the validation id list is empty: list the ids to hold out, one per line");
            }
            dev.linprobe.train.DataSplit.explicit(join.matchedIds(), validationIds, 0);
        }
        if (output != null && Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException("output folder " + output + " is a file: give a folder for the outputs");
        }
        return skipped;
    }

    /** Replaces bucket keys of uploaded files with their local paths, so failures name the user's files. */
    private static List<Failure> localised(List<Failure> failures, String bucket, String prefix, Path folder) {
        List<Failure> out = new ArrayList<>();
        for (Failure failure : failures) {
            if (!failure.key().startsWith(prefix)) {
                out.add(failure);
                continue;
            }
            String local = folder.resolve(failure.key().substring(prefix.length())).toString();
            String reason = failure.reason().replace("s3://" + bucket + "/" + failure.key(), local);
            out.add(new Failure(local, reason, failure.retryable()));
        }
        return out;
    }

    private Map<String, Path> download(Path output, TrainJob.Outcome training, PredictJob.Outcome prediction,
            List<Failure> failures) {
        Map<String, Path> files = new LinkedHashMap<>();
        try {
            Files.createDirectories(output);
            for (String name : List.of(TrainJob.MODEL, TrainJob.METRICS, TrainJob.CURVES_PNG, TrainJob.CURVES_SVG, TrainJob.TRAINING_LOG)) {
                files.put(name, Files.write(output.resolve(name), store.get(bucket, training.runPrefix() + name)));
            }
            files.put("predictions.csv", Files.write(output.resolve("predictions.csv"), store.get(bucket, prediction.outputKey())));
            Path report = output.resolve("failures.json");
            if (!failures.isEmpty()) {
                files.put("failures.json", Files.write(report, ShardWriter.failureReport(failures)));
            } else {
                Files.deleteIfExists(report);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write outputs to " + output, e);
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
