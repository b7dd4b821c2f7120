package dev.linprobe.cli;

import dev.linprobe.pipeline.LocalRun;
import dev.linprobe.train.EpochMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Prints the summary at the end of a run. */
final class Summary {
    private Summary() {}

    static void print(PrintStream out, LocalRun.Summary summary, Path output) {
        Map<String, Double> t = summary.timings();
        double total = t.values().stream().mapToDouble(Double::doubleValue).sum();
        var training = summary.training();
        var result = training.result();
        EpochMetrics best = result.best();
        out.println();
        out.printf(Locale.ROOT, "Done in %.1f s (upload %.1f s, extract %.1f s, train %.1f s, predict %.1f s)%n",
                total, t.get("upload"), t.get("extract"), t.get("train"), t.get("predict"));
        out.printf(Locale.ROOT, "  labelled images: %d with features, %d failed; %d classes; %d features each from %s%n",
                summary.trainExtraction().extracted(), summary.trainExtraction().failures().size(),
                result.model().classCount(), result.model().dimension(), result.model().extractor().name());
        if (!training.join().isComplete()) {
            out.println("  labels: " + training.join().summary());
        }
        out.printf(Locale.ROOT, "  training: %d epochs (%s); best epoch %d: validation accuracy %.4f, loss %.4f; training accuracy %.4f%n",
                result.history().size(), result.stopReason(), result.bestEpoch(), best.validationAccuracy(),
                best.validationLoss(), best.trainAccuracy());
        out.printf(Locale.ROOT, "  predictions: %d images classified, %d failed%n",
                summary.prediction().predicted(), summary.prediction().failures().size());
        if (!summary.skippedFiles().isEmpty()) {
            int count = summary.skippedFiles().size();
            out.printf(Locale.ROOT, "  skipped %s, for example %s%n",
                    count == 1 ? "1 file that is not an image" : count + " files that are not images", summary.skippedFiles().get(0));
        }
        out.println("  outputs in " + output.toAbsolutePath() + ": " + String.join(", ", summary.files().keySet()));
    }
}
