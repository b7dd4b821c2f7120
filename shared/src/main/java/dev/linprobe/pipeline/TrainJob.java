package dev.linprobe.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.labels.LabelJoin;
import dev.linprobe.labels.Labels;
import dev.linprobe.labels.LabelsCsv;
import dev.linprobe.report.ConfusionMatrix;
import dev.linprobe.report.LearningCurves;
import dev.linprobe.report.MetricsReport;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.DataSplit;
import dev.linprobe.train.EpochMetrics;
import dev.linprobe.train.SoftmaxModel;
import dev.linprobe.train.SoftmaxTrainer;
import dev.linprobe.train.SoftmaxTrainerConfig;
import dev.linprobe.train.TrainingData;
import dev.linprobe.train.TrainingResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Trains a classifier from the feature shards and the labels CSV in a bucket, and writes a run
 * folder: {@code model.safetensors}, {@code metrics.json}, {@code learning-curves.png},
 * {@code learning-curves.svg} and {@code training.log}. The {@code latest} pointer next to the run
 * folders moves to the new run only after all of these are written.
 */
public final class TrainJob {

    /** Object names inside a run folder. */
    public static final String MODEL = "model.safetensors";
    public static final String METRICS = MetricsReport.FILE_NAME;
    public static final String CURVES_PNG = "learning-curves.png";
    public static final String CURVES_SVG = "learning-curves.svg";
    public static final String TRAINING_LOG = "training.log";
    /** Name of the pointer object, beside the run folders, that contains the id of the newest complete run. */
    public static final String LATEST = "latest";

    private static final Logger log = Logger.getLogger(TrainJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The locations a training run reads and writes.
     *
     * @param bucket the bucket of everything below
     * @param shardPrefix prefix of the feature shards
     * @param labelsKey key of the labels CSV
     * @param runsPrefix prefix under which run folders and the {@code latest} pointer live
     * @param runId name of this run's folder
     * @param validationIds ids to hold out for validation instead of a random split, or null
     */
    public record Request(
            String bucket, String shardPrefix, String labelsKey, String runsPrefix, String runId, List<String> validationIds) {}

    /**
     * The outputs of a training run.
     *
     * @param runPrefix the run folder, ending with {@code /}
     * @param result the trainer's result, with the model carrying its provenance
     * @param join how labels and features matched
     * @param metrics the report written as metrics.json
     */
    public record Outcome(String runPrefix, TrainingResult result, LabelJoin.Result join, MetricsReport metrics) {}

    private final ObjectStore store;

    /** Creates a job over a store. */
    public TrainJob(ObjectStore store) {
        this.store = store;
    }

    /** Returns a run id from the time, such as {@code 20261204-201502-123}, which sorts in time order. */
    public static String newRunId(Instant now) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(now);
    }

    /**
     * Runs training.
     *
     * @throws IllegalArgumentException when features or labels are missing, malformed or don't match
     */
    public Outcome run(Request request, SoftmaxTrainerConfig config, SoftmaxTrainer.EpochListener listener) {
        Instant started = Instant.now();
        FeatureSet features = FeatureSet.load(store, request.bucket(), request.shardPrefix());
        Labels labels = readLabels(request.bucket(), request.labelsKey());
        LabelJoin.Result join = LabelJoin.join(labels, features.ids());
        if (join.matchedIds().isEmpty()) {
            throw new IllegalArgumentException("no labelled image has features: " + join.summary());
        }
        if (!join.isComplete()) {
            log.warn(join.summary());
        }
        TrainingData data = trainingData(features, labels, join.matchedIds());
        log.infov("Training on {0} labelled images of {1} classes with {2} features each ({3})", data.size(),
                data.classNames().size(), data.dimension(), config.optimizer());

        StringBuilder trainingLog = new StringBuilder();
        SoftmaxTrainer.EpochListener logging = metrics -> {
            trainingLog.append(EpochLine.format(metrics, config.epochs())).append('\n');
            if (listener != null) {
                listener.onEpoch(metrics);
            }
        };
        SoftmaxTrainer trainer = new SoftmaxTrainer(config);
        TrainingResult result = request.validationIds() == null
                ? trainer.train(data, logging)
                : trainer.train(data, DataSplit.explicit(data.ids(), request.validationIds(), config.seed()), logging);

        boolean hasValidation = result.split().validation().length > 0;
        int[] evaluated = hasValidation ? result.split().validation() : result.split().train();
        ConfusionMatrix matrix = confusion(result.model(), data, evaluated);
        List<String> unseen = new ArrayList<>();
        for (int k = 0; k < matrix.classCount(); k++) {
            if (matrix.support(k) == 0) {
                unseen.add(data.classNames().get(k));
            }
        }
        if (!unseen.isEmpty()) {
            String warning = "classes " + unseen + " have no " + (hasValidation ? "validation" : "training")
                    + " images, so their precision and recall in metrics.json are 0 by convention; turn on the stratified split or label more images";
            log.warn(warning);
            trainingLog.append("warning: ").append(warning).append('\n');
        }
        Duration took = Duration.between(started, Instant.now());
        Map<String, Object> run = runFacts(request, config, data, result, features, took);
        MetricsReport metrics = MetricsReport.of(result.history(), matrix, hasValidation ? "validation" : "train", run);

        SoftmaxModel model = result.model().withProvenance(features.extractor(), Map.of(
                "config", json(configMap(config)),
                "training", json(run)));
        TrainingResult withProvenance = new TrainingResult(model, result.history(), result.bestEpoch(), result.stopReason(), result.split());
        trainingLog.append(String.format(Locale.ROOT,
                "stopped after %d epochs (%s); best epoch %d: validation accuracy %.4f, loss %.4f; training accuracy %.4f%n",
                result.history().size(), result.stopReason(), result.bestEpoch(), result.best().validationAccuracy(),
                result.best().validationLoss(), result.best().trainAccuracy()));

        String runPrefix = request.runsPrefix() + request.runId() + "/";
        String bucket = request.bucket();
        store.put(bucket, runPrefix + MODEL, model.encode(), "application/octet-stream");
        store.put(bucket, runPrefix + METRICS, metrics.toJson(), "application/json");
        store.put(bucket, runPrefix + CURVES_PNG, LearningCurves.png(metrics), "image/png");
        store.put(bucket, runPrefix + CURVES_SVG, LearningCurves.svg(metrics), "image/svg+xml");
        store.put(bucket, runPrefix + TRAINING_LOG, trainingLog.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
        movePointer(bucket, request.runsPrefix(), request.runId());
        return new Outcome(runPrefix, withProvenance, join, metrics);
    }

    /** Run ids made from a time, by {@link #newRunId} or for a scheduled event; they sort in time order. */
    private static final java.util.regex.Pattern TIMED_RUN_ID = java.util.regex.Pattern.compile("\\d{8}-\\d{6}(-.*)?");

    /**
     * Moves the {@code latest} pointer to a run, unless both are timed runs and the pointer names a
     * later one, so a late redelivery of an old scheduled event never moves the pointer back. A run
     * with a name of the caller's choosing always becomes the latest.
     */
    private void movePointer(String bucket, String runsPrefix, String runId) {
        String pointer = runsPrefix + LATEST;
        String current = store.find(bucket, pointer).map(bytes -> new String(bytes, StandardCharsets.UTF_8).strip()).orElse("");
        boolean bothTimed = TIMED_RUN_ID.matcher(current).matches() && TIMED_RUN_ID.matcher(runId).matches();
        if (bothTimed && current.compareTo(runId) > 0) {
            log.warnv("Wrote training run {0}, but left s3://{1}/{2} at the later run {3}", runId, bucket, pointer, current);
            return;
        }
        store.put(bucket, pointer, (runId + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
        log.infov("Wrote training run {0} and moved s3://{1}/{2} to it", runId, bucket, pointer);
    }

    private Labels readLabels(String bucket, String key) {
        byte[] bytes = store.get(bucket, key);
        try {
            return LabelsCsv.parse(new ByteArrayInputStream(bytes), "s3://" + bucket + "/" + key);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read labels s3://" + bucket + "/" + key, e);
        }
    }

    /** Builds training rows for the matched ids; only classes that have at least one such row are kept. */
    static TrainingData trainingData(FeatureSet features, Labels labels, List<String> matchedIds) {
        Map<String, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < features.ids().size(); i++) {
            rowOf.put(features.ids().get(i), i);
        }
        TreeSet<Integer> presentClasses = new TreeSet<>();
        for (String id : matchedIds) {
            presentClasses.add(labels.classIndexOfId(id));
        }
        List<String> classNames = new ArrayList<>();
        Map<Integer, Integer> remap = new HashMap<>();
        for (int original : presentClasses) {
            remap.put(original, classNames.size());
            classNames.add(labels.classNames().get(original));
        }
        if (classNames.size() < labels.classNames().size()) {
            List<String> absent = new ArrayList<>(labels.classNames());
            absent.removeAll(classNames);
            log.warnv("Classes {0} have labels but no extracted features; the model leaves them out", absent);
        }
        int dimension = features.dimension();
        float[] rows = new float[matchedIds.size() * dimension];
        int[] classIndex = new int[matchedIds.size()];
        for (int i = 0; i < matchedIds.size(); i++) {
            String id = matchedIds.get(i);
            System.arraycopy(features.features(), rowOf.get(id) * dimension, rows, i * dimension, dimension);
            classIndex[i] = remap.get(labels.classIndexOfId(id));
        }
        return new TrainingData(matchedIds, rows, dimension, classIndex, classNames);
    }

    private static ConfusionMatrix confusion(SoftmaxModel model, TrainingData data, int[] rows) {
        int dimension = data.dimension();
        float[] features = new float[rows.length * dimension];
        int[] actual = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data.features(), rows[i] * dimension, features, i * dimension, dimension);
            actual[i] = data.labels()[rows[i]];
        }
        return ConfusionMatrix.of(actual, model.predict(features, rows.length), data.classNames());
    }

    private static Map<String, Object> runFacts(Request request, SoftmaxTrainerConfig config, TrainingData data,
            TrainingResult result, FeatureSet features, Duration took) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", request.runId());
        run.put("createdAt", Instant.now().toString());
        run.put("optimizer", config.optimizer().name().toLowerCase(Locale.ROOT));
        run.put("seed", config.seed());
        run.put("examples", data.size());
        run.put("trainExamples", result.split().train().length);
        run.put("validationExamples", result.split().validation().length);
        run.put("classes", data.classNames().size());
        run.put("featureDimension", data.dimension());
        run.put("extractor", features.extractor().name());
        run.put("extractorSha256", features.extractor().sha256());
        run.put("shards", features.shardKeys().size());
        run.put("labels", "s3://" + request.bucket() + "/" + request.labelsKey());
        run.put("epochsRun", result.history().size());
        run.put("bestEpoch", result.bestEpoch());
        run.put("stopReason", result.stopReason());
        run.put("seconds", took.toMillis() / 1000.0);
        return run;
    }

    /** Returns the hyperparameters as a JSON-friendly map. */
    public static Map<String, Object> configMap(SoftmaxTrainerConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("optimizer", config.optimizer().name().toLowerCase(Locale.ROOT));
        out.put("epochs", config.epochs());
        out.put("learningRate", config.learningRate());
        out.put("batchSize", config.batchSize());
        out.put("momentum", config.momentum());
        out.put("l2", config.l2());
        out.put("seed", config.seed());
        out.put("validationFraction", config.validationFraction());
        out.put("stratified", config.stratified());
        out.put("standardize", config.standardize());
        out.put("earlyStoppingPatience", config.earlyStoppingPatience());
        out.put("lbfgsHistory", config.lbfgsHistory());
        out.put("tolerance", config.tolerance());
        return out;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode " + value, e);
        }
    }

    /** Formats one epoch as a log line. */
    public static final class EpochLine {
        private EpochLine() {}

        /** Formats {@code epoch 12/150  train loss 0.3121 acc 0.8934  val loss 0.3512 acc 0.8771}. */
        public static String format(EpochMetrics metrics, int epochs) {
            int width = Integer.toString(epochs).length();
            return String.format(Locale.ROOT, "epoch %" + width + "d/%d  train loss %.4f acc %.4f  val loss %.4f acc %.4f",
                    metrics.epoch(), epochs, metrics.trainLoss(), metrics.trainAccuracy(),
                    metrics.validationLoss(), metrics.validationAccuracy());
        }
    }
}
