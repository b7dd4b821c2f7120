package dev.linprobe.service;

import dev.linprobe.pipeline.Layout;
import java.util.Optional;

/**
 * The locations of data sets, prediction batches and results in a bucket. All prefixes and folder names
 * end with {@code /}. With the defaults:
 *
 * <pre>
 * datasets/NAME/images/...              labelled images (extract watches these)
 * datasets/NAME/labels.csv              labels
 * datasets/NAME/features/MODEL/         feature shards and failure reports
 * datasets/NAME/runs/RUN/               training outputs; runs/latest names the newest run
 * batches/BATCH/...                     images to classify; batches/BATCH/_READY starts predict
 * predictions/BATCH.csv                 predictions
 * </pre>
 *
 * @param datasetsPrefix prefix of all data sets
 * @param imagesFolder folder of labelled images inside a data set
 * @param labelsFile name of the labels CSV inside a data set
 * @param featuresFolder folder of feature shards inside a data set
 * @param runsFolder folder of training runs inside a data set
 * @param batchesPrefix prefix of prediction batches
 * @param predictionsPrefix prefix of prediction CSVs
 * @param markerName name of the object that marks a batch as complete
 */
public record BucketLayout(
        String datasetsPrefix,
        String imagesFolder,
        String labelsFile,
        String featuresFolder,
        String runsFolder,
        String batchesPrefix,
        String predictionsPrefix,
        String markerName) {

    /** Names of data sets and runs: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The layout above. */
    public static final BucketLayout DEFAULT =
            new BucketLayout("datasets/", "images/", "labels.csv", "features/", "runs/", "batches/", "predictions/", "_READY");

    /** Checks that folders end with {@code /} and names don't. */
    public BucketLayout {
        for (String folder : new String[] {datasetsPrefix, imagesFolder, featuresFolder, runsFolder, batchesPrefix, predictionsPrefix}) {
            if (folder == null || !folder.endsWith("/") || folder.startsWith("/") || folder.equals("/")) {
                throw new IllegalArgumentException("layout prefixes and folders must end with '/' and not start with it, found '"
                        + folder + "'");
            }
        }
        for (String name : new String[] {labelsFile, markerName}) {
            if (name == null || name.isBlank() || name.contains("/")) {
                throw new IllegalArgumentException("layout file names must be plain names, found '" + name + "'");
            }
        }
    }

    /** Returns the layout of one data set. */
    public Layout dataset(String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid data set name '" + name + "': use 1 to 128 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit");
        }
        String base = datasetsPrefix + name + "/";
        return new Layout(base + imagesFolder, base + labelsFile, base + featuresFolder, base + runsFolder, batchesPrefix,
                predictionsPrefix);
    }

    /** Returns the data set whose image folder contains this key, or empty for any other key. */
    public Optional<String> datasetOfImage(String key) {
        if (!key.startsWith(datasetsPrefix)) {
            return Optional.empty();
        }
        int slash = key.indexOf('/', datasetsPrefix.length());
        if (slash <= datasetsPrefix.length()) {
            return Optional.empty();
        }
        String rest = key.substring(slash + 1);
        return rest.startsWith(imagesFolder) && rest.length() > imagesFolder.length()
                ? Optional.of(key.substring(datasetsPrefix.length(), slash))
                : Optional.empty();
    }

    /** Returns the batch a marker key completes, such as {@code b1} for {@code batches/b1/_READY}, or empty. */
    public Optional<String> batchOfMarker(String key) {
        String suffix = "/" + markerName;
        // The length check rejects keys such as batches/_READY, where prefix and suffix share the slash.
        if (!key.startsWith(batchesPrefix) || !key.endsWith(suffix) || key.length() < batchesPrefix.length() + suffix.length()) {
            return Optional.empty();
        }
        String batch = key.substring(batchesPrefix.length(), key.length() - suffix.length());
        return batch.isEmpty() ? Optional.empty() : Optional.of(batch);
    }

    /** Returns the image prefix of a batch. */
    public String batchPrefix(String batch) {
        return batchesPrefix + batch + "/";
    }

    /** Returns the predictions key of a batch. */
    public String predictionsKey(String batch) {
        return predictionsPrefix + batch + ".csv";
    }

    /** Returns the watched image prefixes as a pattern for messages, such as {@code datasets/<name>/images/}. */
    public String imagesPattern() {
        return datasetsPrefix + "<name>/" + imagesFolder;
    }
}
