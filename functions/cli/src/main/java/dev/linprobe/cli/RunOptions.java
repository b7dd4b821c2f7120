package dev.linprobe.cli;

import dev.linprobe.report.PredictionsCsv;
import picocli.CommandLine.Option;

/** Options of the predictions CSV and of console output, shared by run and demo. */
public class RunOptions {

    @Option(names = "--probabilities", description = "Add a Probability column after each predicted label.")
    boolean probabilities;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "1",
            description = "Write the K most probable labels per image: Label, Label2, ... (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = {"-v", "--verbose"}, description = "Log what each step does.")
    boolean verbose;

    PredictionsCsv.Options csvOptions() {
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k must be at least 1, found " + topK);
        }
        return new PredictionsCsv.Options(probabilities, topK, 6);
    }

    /** Turns on INFO logging of the core when --verbose is given. */
    void applyLogging() {
        java.util.logging.Logger.getLogger("dev.linprobe")
                .setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
    }
}
