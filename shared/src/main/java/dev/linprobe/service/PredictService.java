package dev.linprobe.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.events.EventKind;
import dev.linprobe.events.Events;
import dev.linprobe.events.MalformedEventException;
import dev.linprobe.events.ObjectEvent;
import dev.linprobe.pipeline.ImageKeys;
import dev.linprobe.pipeline.PredictJob;
import dev.linprobe.pipeline.ProgressListener;
import dev.linprobe.pipeline.TrainJob;
import dev.linprobe.report.PredictionsCsv;
import dev.linprobe.storage.ObjectInfo;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.SoftmaxModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The predict function: classifies a whole batch of images and writes one {@code id,Label} CSV.
 *
 * <p>A batch starts when its marker object is uploaded last, such as {@code batches/b1/_READY}; the
 * S3 notification of that object makes the function classify every image under {@code batches/b1/}
 * into {@code predictions/b1.csv}. The marker may be empty or hold {@code {"dataset": "NAME"}} to
 * choose the model. A direct call {@code {"bucket", "imagesPrefix", "outputKey", "dataset",
 * "modelKey"}} does the same for any prefix. The model is the data set's latest run unless
 * {@code modelKey} names one. Repeating a call rewrites the same CSV.
 */
public final class PredictService {

    private static final Logger log = Logger.getLogger(PredictService.class);

    /**
     * One classified batch.
     *
     * @param bucket the bucket
     * @param imagesPrefix the prefix whose images were classified
     * @param outputKey the CSV's key
     * @param modelKey the model used
     * @param predicted rows written
     * @param failed images that could not be classified, listed in {@code outputKey + ".failures.json"}
     */
    public record Batch(String bucket, String imagesPrefix, String outputKey, String modelKey, int predicted, int failed) {}

    /**
     * The result of an invocation.
     *
     * @param batches the batches classified
     * @param ignored notification records that named no marker object
     */
    public record Response(List<Batch> batches, int ignored) {}

    private final ObjectStore store;
    private final BucketLayout layout;
    private final String bucket;
    private final String defaultDataset;
    private final ExtractorProvider extractors;
    private final int batchSize;
    private final PredictionsCsv.Options csv;

    /** Creates the service. */
    public PredictService(ObjectStore store, BucketLayout layout, String bucket, String defaultDataset,
            ExtractorProvider extractors, int batchSize, PredictionsCsv.Options csv) {
        this.store = store;
        this.layout = layout;
        this.bucket = bucket;
        this.defaultDataset = defaultDataset;
        this.extractors = extractors;
        this.batchSize = batchSize;
        this.csv = csv;
    }

    /**
     * Handles one invocation.
     *
     * @throws MalformedEventException for an event of another kind or missing fields
     * @throws IllegalArgumentException when the model is missing or its extractor can't be reproduced
     */
    public Response handle(JsonNode event) {
        EventKind kind = Events.kind(event);
        switch (kind) {
            case S3_TEST_EVENT:
                log.info("Ignoring an s3:TestEvent: S3 sends it once when the notification is configured");
                return new Response(List.of(), 1);
            case CLOUDEVENT:
                return handle(Events.cloudEventData(event));
            case S3_NOTIFICATION:
                return fromNotification(Events.s3Records(event, null));
            case DIRECT:
                return new Response(List.of(direct(event)), 0);
            default:
                throw new MalformedEventException("the predict function takes the S3 notification of a batch marker ("
                        + layout.batchesPrefix() + "<batch>/" + layout.markerName() + ") or {\"imagesPrefix\", \"outputKey\"}; found "
                        + Events.describe(event));
        }
    }

    private Response fromNotification(List<ObjectEvent> records) {
        List<Batch> batches = new ArrayList<>();
        int ignored = 0;
        for (ObjectEvent record : records) {
            Optional<String> batch = layout.batchOfMarker(record.key());
            if (batch.isEmpty() || !record.isCreated()) {
                log.infov("Skipping {0}: not the creation of a batch marker {1}<batch>/{2}", record.uri(),
                        layout.batchesPrefix(), layout.markerName());
                ignored++;
                continue;
            }
            String dataset = markerDataset(record.bucket(), record.key());
            batches.add(predict(record.bucket(), layout.batchPrefix(batch.get()), layout.predictionsKey(batch.get()),
                    latestModelKey(record.bucket(), dataset)));
        }
        return new Response(batches, ignored);
    }

    private Batch direct(JsonNode event) {
        String imagesPrefix = event.path("imagesPrefix").asText(null);
        String outputKey = event.path("outputKey").asText(null);
        if (imagesPrefix == null || imagesPrefix.isBlank() || outputKey == null || outputKey.isBlank() || outputKey.endsWith("/")) {
            throw new MalformedEventException("the predict function needs a non-empty \"imagesPrefix\" and \"outputKey\" (an "
                    + "object key), or the S3 notification of a batch marker; found " + Events.describe(event));
        }
        if (!outputKey.endsWith(".csv") || outputKey.startsWith(layout.datasetsPrefix())) {
            throw new MalformedEventException("invalid outputKey '" + outputKey + "': it must end with .csv and lie outside "
                    + layout.datasetsPrefix() + ", so that predictions never replace training data");
        }
        String target = event.path("bucket").asText(bucket);
        String modelKey = event.hasNonNull("modelKey") ? event.get("modelKey").asText()
                : latestModelKey(target, event.path("dataset").asText(defaultDataset));
        return predict(target, imagesPrefix, outputKey, modelKey);
    }

    /**
     * Reads the data set a marker names. An empty marker means the default, and otherwise the marker
     * contains a data set name or {@code {"dataset": NAME}}.
     *
     * @throws MalformedEventException for any other content, naming the marker
     */
    private String markerDataset(String target, String markerKey) {
        String content = new String(store.get(target, markerKey), StandardCharsets.UTF_8).strip();
        String source = "marker s3://" + target + "/" + markerKey;
        String dataset;
        if (content.isEmpty()) {
            dataset = defaultDataset;
        } else if (BucketLayout.SAFE_NAME.matcher(content).matches()) {
            dataset = content;
        } else {
            JsonNode marker = Events.parse(content, source);
            if (!marker.isObject() || !marker.path("dataset").isTextual()) {
                throw new MalformedEventException(source + " must be empty, a data set name, or {\"dataset\": NAME}; found "
                        + Events.describe(marker));
            }
            dataset = marker.get("dataset").asText();
        }
        log.infov("Batch marker {0} selects data set {1}", source, dataset);
        return dataset;
    }

    private String latestModelKey(String target, String dataset) {
        String runsPrefix = layout.dataset(dataset).runsPrefix();
        String pointer = runsPrefix + TrainJob.LATEST;
        byte[] latest = store.find(target, pointer).orElseThrow(() -> new IllegalArgumentException(
                "data set '" + dataset + "' has no trained model: s3://" + target + "/" + pointer
                        + " is missing. Train it first, or pass modelKey."));
        String runId = new String(latest, StandardCharsets.UTF_8).strip();
        if (runId.isEmpty()) {
            throw new IllegalArgumentException("s3://" + target + "/" + pointer + " is empty, so data set '" + dataset
                    + "' has no latest run: train it again, or pass modelKey");
        }
        return runsPrefix + runId + "/" + TrainJob.MODEL;
    }

    private Batch predict(String target, String imagesPrefix, String outputKey, String modelKey) {
        String modelSource = "s3://" + target + "/" + modelKey;
        SoftmaxModel model = SoftmaxModel.decode(store.get(target, modelKey), modelSource);
        if (model.extractor() == null) {
            throw new IllegalArgumentException(modelSource + " does not record its feature extractor: train it again");
        }
        List<String> keys = new ArrayList<>();
        for (ObjectInfo object : store.list(target, imagesPrefix)) {
            if (ImageKeys.isImage(object.key())) {
                keys.add(object.key());
            } else {
                log.debugv("Skipping s3://{0}/{1}: not an image by its extension", target, object.key());
            }
        }
        PredictJob job = new PredictJob(store, extractors.forModel(model.extractor(), modelSource), batchSize);
        PredictJob.Outcome outcome = job.run(target, keys, model, modelSource, outputKey, csv, ProgressListener.NONE);
        return new Batch(target, imagesPrefix, outputKey, modelKey, outcome.predicted(), outcome.failures().size());
    }
}
