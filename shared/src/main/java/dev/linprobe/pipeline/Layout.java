package dev.linprobe.pipeline;

/**
 * The locations of a data set and its results in a bucket. Every prefix ends with {@code /}.
 *
 * @param imagesPrefix labelled training images
 * @param labelsKey the labels CSV
 * @param featuresPrefix feature shards of the training images; one folder per extractor below it
 * @param runsPrefix training run folders and the {@code latest} pointer
 * @param batchesPrefix folders of images to classify, one per batch
 * @param predictionsPrefix prediction CSVs, one per batch
 */
public record Layout(
        String imagesPrefix,
        String labelsKey,
        String featuresPrefix,
        String runsPrefix,
        String batchesPrefix,
        String predictionsPrefix) {

    /** Checks that prefixes end with {@code /} and the labels key does not. */
    public Layout {
        for (String prefix : new String[] {imagesPrefix, featuresPrefix, runsPrefix, batchesPrefix, predictionsPrefix}) {
            if (prefix == null || !prefix.endsWith("/") || prefix.startsWith("/")) {
                throw new IllegalArgumentException("prefixes must end with '/' and must not start with it, found '" + prefix + "'");
            }
        }
        if (labelsKey == null || labelsKey.isBlank() || labelsKey.endsWith("/")) {
            throw new IllegalArgumentException("labels key must name an object, found '" + labelsKey + "'");
        }
    }

    /** Returns the layout of data set {@code name} in the default bucket layout: {@code datasets/NAME/images/} and so on. */
    public static Layout forDataset(String name) {
        return dev.linprobe.service.BucketLayout.DEFAULT.dataset(name);
    }

    /** Returns the shard prefix of one extractor. */
    public String featuresPrefixFor(String extractorName) {
        return featuresPrefix + extractorName + "/";
    }

    /** Returns the image prefix of a prediction batch. */
    public String batchImagesPrefix(String batch) {
        return batchesPrefix + batch + "/";
    }

    /** Returns the key of a prediction batch's CSV. */
    public String predictionsKey(String batch) {
        return predictionsPrefix + batch + ".csv";
    }
}
