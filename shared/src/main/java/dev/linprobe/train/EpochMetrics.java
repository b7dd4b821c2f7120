package dev.linprobe.train;

/**
 * Loss and accuracy after one epoch (one pass over the training split, or one L-BFGS iteration).
 *
 * <p>Losses are mean negative log-likelihoods in nats; accuracies are exact fractions of correct
 * predictions. Validation values are {@code NaN} when the run has no validation split.
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy) {}
