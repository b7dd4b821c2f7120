package dev.linprobe.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.linprobe.train.EpochMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Summary of one training run, written as {@value #FILE_NAME}.
 *
 * <p>NaN and infinite values, such as validation metrics of a run without a validation split, are
 * written as JSON {@code null} and read back as NaN. The {@code run} map is free-form: the caller
 * puts in the optimizer, seed, timings and counts, and it is written in the map's iteration order.
 * After reading, its numbers are Integer, Long or Double and a {@code null} stays {@code null}.
 *
 * @param formatVersion the version of this JSON layout, {@value #FORMAT_VERSION} for this class
 * @param classNames the class names in class index order
 * @param epochs the metrics of every epoch, in training order
 * @param bestEpoch the epoch with the best validation metrics, or {@code null} without validation
 * @param bestValidationAccuracy the validation accuracy at {@code bestEpoch}, or NaN
 * @param bestValidationLoss the validation loss at {@code bestEpoch}, or NaN
 * @param evaluationSplit the split the confusion matrix was counted on, such as {@code validation}
 * @param accuracy the accuracy on that split, correct predictions divided by examples
 * @param confusionMatrix counts with rows as actual and columns as predicted classes
 * @param perClass precision, recall and support of each class, in class index order
 * @param run free-form facts about the run supplied by the caller
 */
@JsonPropertyOrder({
    "formatVersion",
    "classNames",
    "epochs",
    "bestEpoch",
    "bestValidationAccuracy",
    "bestValidationLoss",
    "evaluationSplit",
    "accuracy",
    "confusionMatrix",
    "perClass",
    "run"
})
public record MetricsReport(
        int formatVersion,
        List<String> classNames,
        List<EpochMetrics> epochs,
        Integer bestEpoch,
        double bestValidationAccuracy,
        double bestValidationLoss,
        String evaluationSplit,
        double accuracy,
        int[][] confusionMatrix,
        List<ClassMetrics> perClass,
        Map<String, Object> run) {

    /** File name of the report. */
    public static final String FILE_NAME = "metrics.json";

    /** Version of the JSON layout that this class writes. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new NonFiniteAsNullModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Checks that the class names, matrix and per-class list agree in size, and copies every
     * collection.
     *
     * @throws IllegalArgumentException if the sizes disagree or the matrix is not square
     */
    public MetricsReport {
        Objects.requireNonNull(classNames, "classNames");
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(confusionMatrix, "confusionMatrix");
        Objects.requireNonNull(perClass, "perClass");
        classNames = List.copyOf(classNames);
        epochs = List.copyOf(epochs);
        perClass = List.copyOf(perClass);
        confusionMatrix = ConfusionMatrix.fromCounts(confusionMatrix, classNames).counts();
        if (perClass.size() != classNames.size()) {
            throw new IllegalArgumentException("perClass has " + perClass.size() + " entries but there are "
                    + classNames.size() + " classes; pass one entry per class");
        }
        run = run == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(run));
    }

    /**
     * Builds a report from the epoch history and the confusion matrix of the evaluated split. The
     * best epoch is chosen by {@link #findBestEpoch}.
     *
     * @param evaluationSplit the split the matrix was counted on, such as {@code validation}
     * @param run free-form facts about the run, or {@code null} for none
     */
    public static MetricsReport of(
            List<EpochMetrics> epochs, ConfusionMatrix matrix, String evaluationSplit, Map<String, Object> run) {
        OptionalInt best = findBestEpoch(epochs);
        Integer bestEpoch = null;
        double bestAccuracy = Double.NaN;
        double bestLoss = Double.NaN;
        if (best.isPresent()) {
            EpochMetrics bestMetrics = epochs.get(best.getAsInt());
            bestEpoch = bestMetrics.epoch();
            bestAccuracy = bestMetrics.validationAccuracy();
            bestLoss = bestMetrics.validationLoss();
        }

        List<ClassMetrics> perClass = new ArrayList<>();
        for (int i = 0; i < matrix.classCount(); i++) {
            perClass.add(new ClassMetrics(matrix.classNames().get(i), matrix.precision(i), matrix.recall(i), matrix.support(i)));
        }
        return new MetricsReport(FORMAT_VERSION, matrix.classNames(), epochs, bestEpoch, bestAccuracy, bestLoss,
                evaluationSplit, matrix.accuracy(), matrix.counts(), perClass, run);
    }

    /**
     * Finds the position in {@code epochs} of the best epoch: the highest validation accuracy, then
     * the lowest validation loss, then the earliest. Epochs whose validation accuracy is NaN are
     * skipped.
     *
     * @return the list position of the best epoch, or empty when no epoch has validation metrics
     */
    public static OptionalInt findBestEpoch(List<EpochMetrics> epochs) {
        int best = -1;
        for (int i = 0; i < epochs.size(); i++) {
            EpochMetrics candidate = epochs.get(i);
            if (Double.isNaN(candidate.validationAccuracy())) {
                continue;
            }
            if (best < 0 || isBetter(candidate, epochs.get(best))) {
                best = i;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    private static boolean isBetter(EpochMetrics candidate, EpochMetrics best) {
        if (candidate.validationAccuracy() != best.validationAccuracy()) {
            return candidate.validationAccuracy() > best.validationAccuracy();
        }
        // A NaN loss never wins a tie because every comparison with NaN is false.
        return candidate.validationLoss() < best.validationLoss();
    }

    /** Returns a copy of the confusion matrix counts, rows actual and columns predicted. */
    @Override
    public int[][] confusionMatrix() {
        return ConfusionMatrix.fromCounts(confusionMatrix, classNames).counts();
    }

    /** Returns the confusion matrix as a {@link ConfusionMatrix}. */
    public ConfusionMatrix toConfusionMatrix() {
        return ConfusionMatrix.fromCounts(confusionMatrix, classNames);
    }

    /** Serializes the report as indented UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to serialize the metrics report to JSON", e);
        }
    }

    /**
     * Parses a report from JSON. Unknown properties are ignored so that older readers accept newer
     * files.
     *
     * @throws IOException if the JSON is invalid or does not match the layout
     */
    public static MetricsReport fromJson(byte[] json) throws IOException {
        return MAPPER.readValue(json, MetricsReport.class);
    }

    /**
     * Parses a report from a JSON stream. The caller closes the stream.
     *
     * @throws IOException if reading fails, or the JSON is invalid or does not match the layout
     */
    public static MetricsReport read(InputStream in) throws IOException {
        return fromJson(in.readAllBytes());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricsReport that
                && formatVersion == that.formatVersion
                && classNames.equals(that.classNames)
                && epochs.equals(that.epochs)
                && Objects.equals(bestEpoch, that.bestEpoch)
                && Double.compare(bestValidationAccuracy, that.bestValidationAccuracy) == 0
                && Double.compare(bestValidationLoss, that.bestValidationLoss) == 0
                && Objects.equals(evaluationSplit, that.evaluationSplit)
                && Double.compare(accuracy, that.accuracy) == 0
                && Arrays.deepEquals(confusionMatrix, that.confusionMatrix)
                && perClass.equals(that.perClass)
                && run.equals(that.run);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, classNames, epochs, bestEpoch, bestValidationAccuracy, bestValidationLoss,
                evaluationSplit, accuracy, Arrays.deepHashCode(confusionMatrix), perClass, run);
    }

    @Override
    public String toString() {
        return "MetricsReport[classes=" + classNames.size() + ", epochs=" + epochs.size() + ", bestEpoch=" + bestEpoch
                + ", evaluationSplit=" + evaluationSplit + ", accuracy=" + accuracy + "]";
    }
}
