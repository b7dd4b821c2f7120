package dev.linprobe.demo;

import dev.linprobe.labels.Labels;
import dev.linprobe.labels.LabelsCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy of predictions against held-out true labels, such as the {@code predict-truth.csv} of a
 * demo data set.
 *
 * @param correct the number of predicted ids whose label equals the true label
 * @param scored the number of predicted ids, all of which are in the truth file
 * @param missingIds the ids of the truth file that have no prediction, in truth-file order, which do
 *     not count towards {@code scored}
 */
public record HeldOutScore(int correct, int scored, List<String> missingIds) {

    private static final int MAX_SHOWN_IDS = 5;

    /** Copies {@code missingIds} into an unmodifiable list. */
    public HeldOutScore {
        missingIds = List.copyOf(missingIds);
    }

    /**
     * Compares a predictions CSV with a truth CSV. Both need the columns {@code id} and {@code Label}
     * and are parsed by {@link LabelsCsv}, which ignores other columns with a warning. Labels are
     * compared as exact strings.
     *
     * @throws dev.linprobe.labels.LabelsFormatException if either file is not a valid labels CSV
     * @throws IllegalArgumentException if a predicted id is not in the truth file
     * @throws UncheckedIOException if reading a file fails
     */
    public static HeldOutScore compute(Path predictionsCsv, Path truthCsv) {
        Labels predictions = parse(predictionsCsv);
        Labels truth = parse(truthCsv);

        List<String> unknown = new ArrayList<>();
        int correct = 0;
        for (Map.Entry<String, String> prediction : predictions.labelById().entrySet()) {
            String expected = truth.labelById().get(prediction.getKey());
            if (expected == null) {
                unknown.add(prediction.getKey());
            } else if (expected.equals(prediction.getValue())) {
                correct++;
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(predictionsCsv + " predicts " + unknown.size() + " ids that are not in "
                    + truthCsv + ", such as " + unknown.subList(0, Math.min(MAX_SHOWN_IDS, unknown.size()))
                    + "; score the predictions against the truth file of the same image folder");
        }

        List<String> missing = new ArrayList<>();
        for (String id : truth.ids()) {
            if (!predictions.labelById().containsKey(id)) {
                missing.add(id);
            }
        }
        return new HeldOutScore(correct, predictions.size(), missing);
    }

    /** Returns {@code correct / scored}, the accuracy over the predicted ids, so missing ids do not lower it. */
    public double accuracy() {
        return (double) correct / scored;
    }

    /** Returns the number of truth ids: the scored ids plus the missing ids. */
    public int truthCount() {
        return scored + missingIds.size();
    }

    /** Formats the score as {@code correct/scored (percent)}, such as {@code 812/1000 (81.20%)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d (%.2f%%)", correct, scored, 100.0 * accuracy())
                + (missingIds.isEmpty() ? "" : ", " + missingIds.size() + " ids missing");
    }

    private static Labels parse(Path csv) {
        try (InputStream in = Files.newInputStream(csv)) {
            return LabelsCsv.parse(in, csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + csv + ": " + e.getMessage(), e);
        }
    }
}
