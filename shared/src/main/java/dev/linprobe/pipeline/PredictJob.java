package dev.linprobe.pipeline;

import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.report.PredictionsCsv;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.train.SoftmaxModel;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Classifies a batch of images with a trained model and writes an {@code id,Label} CSV, sorted by
 * id. Features come from the same extractor and preprocessing the model was trained on; any other
 * extractor is rejected before an image is read. Images that fail are left out of the CSV and
 * listed in {@code <outputKey>.failures.json}.
 */
public final class PredictJob {

    private static final Logger log = Logger.getLogger(PredictJob.class);

    /**
     * The outputs of a prediction run.
     *
     * @param outputKey the CSV's key
     * @param predicted number of rows written
     * @param failures images that could not be classified
     * @param ids the ids in CSV order
     * @param labels the predicted class names in CSV order
     */
    public record Outcome(String outputKey, int predicted, List<Failure> failures, List<String> ids, List<String> labels) {}

    private final ObjectStore store;
    private final FeatureExtractor extractor;
    private final int batchSize;

    /** Creates a job that extracts with {@code extractor} in batches of {@code batchSize}. */
    public PredictJob(ObjectStore store, FeatureExtractor extractor, int batchSize) {
        this.store = store;
        this.extractor = extractor;
        this.batchSize = batchSize;
    }

    /**
     * Checks that a model can be used with this job's extractor.
     *
     * @throws IllegalArgumentException naming what differs and what to do
     */
    public static void checkCompatible(SoftmaxModel model, ExtractorInfo extractor, String modelSource) {
        ExtractorInfo trained = model.extractor();
        if (trained == null) {
            throw new IllegalArgumentException(modelSource + " does not record its feature extractor: train it again");
        }
        if (!trained.compatibleWith(extractor)) {
            throw new IllegalArgumentException("model " + modelSource + " was trained on features of " + trained.name()
                    + " but prediction would use " + extractor.name() + "; they differ in "
                    + trained.describeDifference(extractor) + ". Predict with --model " + trained.name()
                    + " (and its preprocessing), or train a model on this extractor.");
        }
    }

    /**
     * Classifies the images and writes the CSV to {@code outputKey}.
     *
     * @param options which probability columns to add
     */
    public Outcome run(String bucket, List<String> imageKeys, SoftmaxModel model, String modelSource, String outputKey,
            PredictionsCsv.Options options, ProgressListener progress) {
        checkCompatible(model, extractor.info(), modelSource);
        List<String> ids = new ArrayList<>();
        List<double[]> probabilities = new ArrayList<>();
        FeatureExtraction.Result extraction;
        try (FeatureExtraction extraction0 = new FeatureExtraction(store, extractor, batchSize)) {
            extraction = extraction0.extract(bucket, imageKeys, progress, (batchIds, keys, features, failures) -> {
                float[] batchProbabilities = model.probabilities(features, batchIds.size());
                int classes = model.classCount();
                for (int i = 0; i < batchIds.size(); i++) {
                    double[] row = new double[classes];
                    for (int k = 0; k < classes; k++) {
                        row[k] = batchProbabilities[i * classes + k];
                    }
                    ids.add(batchIds.get(i));
                    probabilities.add(row);
                }
            });
        }
        byte[] csv = PredictionsCsv.toBytes(ids, model.classNames(), probabilities.toArray(new double[0][]), options);
        store.put(bucket, outputKey, csv, "text/csv");
        String failuresKey = outputKey + ".failures.json";
        if (!extraction.failures().isEmpty()) {
            store.put(bucket, failuresKey, ShardWriter.failureReport(extraction.failures()), "application/json");
        } else {
            store.delete(bucket, failuresKey);
        }
        List<String> sortedIds = new ArrayList<>(ids);
        java.util.Collections.sort(sortedIds);
        List<String> labels = new ArrayList<>();
        java.util.Map<String, String> labelOf = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            labelOf.put(ids.get(i), model.classNames().get(argmax(probabilities.get(i))));
        }
        for (String id : sortedIds) {
            labels.add(labelOf.get(id));
        }
        log.infov("Wrote {0} predictions to s3://{1}/{2} ({3} images failed)", ids.size(), bucket, outputKey,
                extraction.failures().size());
        return new Outcome(outputKey, ids.size(), extraction.failures(), sortedIds, labels);
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
