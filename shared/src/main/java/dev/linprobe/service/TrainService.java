package dev.linprobe.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.events.EventKind;
import dev.linprobe.events.Events;
import dev.linprobe.events.MalformedEventException;
import dev.linprobe.pipeline.Layout;
import dev.linprobe.pipeline.TrainJob;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.Optimizer;
import dev.linprobe.train.SoftmaxTrainerConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The train function: fits a classifier on a data set's feature shards and labels, and writes a new
 * run folder whose {@code latest} pointer moves only once every output is written.
 *
 * <p>A scheduled event trains each configured data set, in a run named after the event's time and
 * id, so a repeated delivery of the same event rewrites the same run folder. A direct call
 * {@code {"dataset": "NAME", "options": {"epochs": 50, ...}, "runId": "..."}} trains one data set;
 * options override the configured hyperparameters.
 */
public final class TrainService {

    private static final Logger log = Logger.getLogger(TrainService.class);

    /** The maximum number of epochs a call may request, because a longer run would outlive any function timeout. */
    static final int MAX_EPOCHS = 100_000;

    /**
     * One trained run.
     *
     * @param dataset the data set name
     * @param bucket the bucket of the data set
     * @param runId the run folder's name
     * @param modelKey key of model.safetensors
     * @param epochs epochs run
     * @param bestEpoch epoch whose weights the model contains
     * @param validationAccuracy validation accuracy at the best epoch, or null without validation
     * @param examples labelled images with features used
     * @param idsWithoutFeatures labelled ids that had no features
     * @param featuresWithoutLabel feature ids that had no label
     */
    public record Run(String dataset, String bucket, String runId, String modelKey, int epochs, int bestEpoch,
            Double validationAccuracy, int examples, int idsWithoutFeatures, int featuresWithoutLabel) {}

    /** The runs an invocation trained. */
    public record Response(List<Run> runs) {}

    private final ObjectStore store;
    private final BucketLayout layout;
    private final String bucket;
    private final List<String> scheduledDatasets;
    private final SoftmaxTrainerConfig defaults;
    private final String extractorName;

    /**
     * Creates the service.
     *
     * @param bucket the bucket of scheduled runs and of direct calls that name none
     * @param scheduledDatasets data sets a scheduled event trains
     * @param defaults hyperparameters before a call's options
     * @param extractorName the feature folder to train from, that is the extractor's catalog name
     */
    public TrainService(ObjectStore store, BucketLayout layout, String bucket, List<String> scheduledDatasets,
            SoftmaxTrainerConfig defaults, String extractorName) {
        this.store = store;
        this.layout = layout;
        this.bucket = bucket;
        this.scheduledDatasets = List.copyOf(scheduledDatasets);
        this.defaults = defaults;
        this.extractorName = extractorName;
    }

    /**
     * Handles one invocation.
     *
     * @throws MalformedEventException for an event of another kind or a bad option
     * @throws IllegalArgumentException when features or labels are missing or disagree
     */
    public Response handle(JsonNode event) {
        EventKind kind = Events.kind(event);
        if (kind == EventKind.SCHEDULED) {
            String runId = scheduledRunId(event);
            if (scheduledDatasets.isEmpty()) {
                throw new IllegalStateException("a scheduled event arrived but no data set is configured to train: "
                        + "set linprobe.train.datasets");
            }
            List<Run> runs = new ArrayList<>();
            for (String dataset : scheduledDatasets) {
                runs.add(train(bucket, dataset, defaults, runId));
            }
            return new Response(runs);
        }
        if (kind != EventKind.DIRECT || !event.hasNonNull("dataset")) {
            throw new MalformedEventException("the train function takes an EventBridge scheduled event or "
                    + "{\"dataset\": NAME, \"options\": {...}}; found " + Events.describe(event));
        }
        String target = event.path("bucket").asText(bucket);
        String runId = event.hasNonNull("runId") ? event.get("runId").asText() : TrainJob.newRunId(Instant.now());
        if (!BucketLayout.SAFE_NAME.matcher(runId).matches() || runId.equals(TrainJob.LATEST)) {
            throw new MalformedEventException("invalid runId '" + runId + "': use 1 to 128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, other than '" + TrainJob.LATEST + "'");
        }
        JsonNode dataset = event.get("dataset");
        if (!dataset.isTextual()) {
            throw new MalformedEventException("dataset must be a string naming the data set, found " + dataset);
        }
        SoftmaxTrainerConfig config = applyOptions(defaults, event.path("options"));
        if (config.epochs() > MAX_EPOCHS) {
            throw new MalformedEventException("option epochs must be at most " + MAX_EPOCHS + ", found " + config.epochs());
        }
        return new Response(List.of(train(target, event.get("dataset").asText(), config, runId)));
    }

    private Run train(String target, String dataset, SoftmaxTrainerConfig config, String runId) {
        Layout data = layout.dataset(dataset);
        String shards = data.featuresPrefixFor(extractorName);
        log.infov("Training data set {0} in s3://{1} as run {2}", dataset, target, runId);
        TrainJob.Outcome outcome = new TrainJob(store).run(
                new TrainJob.Request(target, shards, data.labelsKey(), data.runsPrefix(), runId, null), config,
                metrics -> log.debug(TrainJob.EpochLine.format(metrics, config.epochs())));
        var result = outcome.result();
        return new Run(dataset, target, runId, outcome.runPrefix() + TrainJob.MODEL, result.history().size(),
                result.bestEpoch(), Double.isNaN(result.best().validationAccuracy()) ? null : result.best().validationAccuracy(),
                outcome.join().matchedIds().size(),
                outcome.join().idsWithoutFeatures().size(), outcome.join().featuresWithoutLabel().size());
    }

    /** Names a scheduled run after the event's time and id, such as {@code 20261204-200000-5e1c0b2f}. */
    static String scheduledRunId(JsonNode event) {
        String time = event.path("time").asText("");
        String id = event.path("id").asText("");
        try {
            String stamp = TrainJob.newRunId(Instant.parse(time)).substring(0, 15);
            String suffix = id.replaceAll("[^A-Za-z0-9]", "");
            return suffix.isEmpty() ? stamp : stamp + "-" + suffix.substring(0, Math.min(8, suffix.length()));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("scheduled event has an invalid time '" + time + "': expected ISO-8601 such as 2026-12-04T20:00:00Z", e);
        }
    }

    /**
     * Applies a call's options to the defaults. Accepted names: optimizer, epochs, learningRate,
     * batchSize, momentum, l2, seed, validationFraction, stratified, standardize, earlyStopping.
     *
     * @throws MalformedEventException naming an unknown option or a value of the wrong type
     */
    public static SoftmaxTrainerConfig applyOptions(SoftmaxTrainerConfig base, JsonNode options) {
        if (options == null || options.isMissingNode() || options.isNull()) {
            return base;
        }
        if (!options.isObject()) {
            throw new MalformedEventException("options must be a JSON object, found " + Events.describe(options));
        }

        Optimizer optimizer = base.optimizer();
        int epochs = base.epochs();
        double learningRate = base.learningRate();
        int batchSize = base.batchSize();
        double momentum = base.momentum();
        double l2 = base.l2();
        long seed = base.seed();
        double validationFraction = base.validationFraction();
        boolean stratified = base.stratified();
        boolean standardize = base.standardize();
        int earlyStopping = base.earlyStoppingPatience();

        Iterator<Map.Entry<String, JsonNode>> fields = options.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "optimizer" -> optimizer = Optimizer.parse(text(field.getKey(), value));
                case "epochs" -> epochs = integer(field.getKey(), value);
                case "learningRate" -> learningRate = number(field.getKey(), value);
                case "batchSize" -> batchSize = integer(field.getKey(), value);
                case "momentum" -> momentum = number(field.getKey(), value);
                case "l2", "weightDecay" -> l2 = number(field.getKey(), value);
                case "seed" -> seed = longInteger(field.getKey(), value);
                case "validationFraction" -> validationFraction = number(field.getKey(), value);
                case "stratified" -> stratified = bool(field.getKey(), value);
                case "standardize" -> standardize = bool(field.getKey(), value);
                case "earlyStopping" -> earlyStopping = integer(field.getKey(), value);
                default -> throw new MalformedEventException("unknown training option '" + field.getKey() + "': expected one of "
                        + "optimizer, epochs, learningRate, batchSize, momentum, l2, seed, validationFraction, stratified, "
                        + "standardize, earlyStopping");
            }
        }
        return new SoftmaxTrainerConfig(optimizer, epochs, learningRate, batchSize, momentum, l2, seed, validationFraction,
                stratified, standardize, earlyStopping, base.lbfgsHistory(), base.tolerance(), base.threads());
    }

    private static String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw new MalformedEventException("option " + name + " must be a string, found " + value);
        }
        return value.asText();
    }

    private static double number(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw new MalformedEventException("option " + name + " must be a number, found " + value);
        }
        return value.asDouble();
    }

    private static int integer(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new MalformedEventException("option " + name + " must be an integer, found " + value);
        }
        return value.asInt();
    }

    /** Reads a whole number exactly, since a seed beyond 2^53 would lose digits as a double. */
    private static long longInteger(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedEventException("option " + name + " must be an integer, found " + value);
        }
        return value.asLong();
    }

    private static boolean bool(String name, JsonNode value) {
        if (!value.isBoolean()) {
            throw new MalformedEventException("option " + name + " must be true or false, found " + value);
        }
        return value.asBoolean();
    }
}
