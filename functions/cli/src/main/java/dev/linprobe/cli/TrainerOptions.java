package dev.linprobe.cli;

import dev.linprobe.train.Optimizer;
import dev.linprobe.train.SoftmaxTrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the softmax trainer. */
public class TrainerOptions {

    @Option(names = "--optimizer", paramLabel = "lbfgs|sgd", defaultValue = "lbfgs",
            description = "lbfgs: full-batch L-BFGS (fast, deterministic); sgd: mini-batch SGD with momentum (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "150",
            description = "SGD epochs, or L-BFGS iterations (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "RATE", defaultValue = "0.01",
            description = "SGD step size (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "SGD mini-batch size; 1 updates after every image (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9",
            description = "SGD momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = {"--l2", "--weight-decay"}, paramLabel = "LAMBDA", defaultValue = "0.01",
            description = "L2 penalty on the weights; the loss adds LAMBDA/2 * ||W||^2 (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the train/validation split and of SGD's sample order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.3",
            description = "Share of labelled images held out for validation, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--stratified", description = "Hold out the same share of every class.")
    boolean stratified;

    @Option(names = "--validation-ids", paramLabel = "FILE",
            description = "Text file of image ids (one per line) to hold out for validation, instead of a random split.")
    Path validationIds;

    @Option(names = "--no-standardize", description = "Train on raw features instead of features scaled to zero mean and unit variance.")
    boolean noStandardize;

    @Option(names = "--early-stopping", paramLabel = "N", defaultValue = "0",
            description = "Stop after N epochs without a better validation result; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int earlyStopping;

    /** Builds the trainer configuration; invalid values raise IllegalArgumentException naming the value. */
    SoftmaxTrainerConfig config() {
        SoftmaxTrainerConfig defaults = SoftmaxTrainerConfig.defaults();
        return new SoftmaxTrainerConfig(Optimizer.parse(optimizer), epochs, learningRate, batchSize, momentum, l2, seed,
                validationFraction, stratified, !noStandardize, earlyStopping, defaults.lbfgsHistory(),
                defaults.tolerance(), defaults.threads());
    }

    /** Reads the validation id list, or returns null when none was given. */
    List<String> validationIdList() {
        if (validationIds == null) {
            return null;
        }
        if (!Files.isRegularFile(validationIds)) {
            throw new IllegalArgumentException("validation id file not found: " + validationIds);
        }
        try {
            return Files.readAllLines(validationIds).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + validationIds, e);
        }
    }
}
