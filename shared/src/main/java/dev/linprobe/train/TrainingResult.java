package dev.linprobe.train;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param model the weights of the best epoch
 * @param history metrics of every epoch, in order
 * @param bestEpoch the 1-based epoch whose weights the model contains
 * @param stopReason why training ended, in words
 * @param split the rows used for training and validation
 */
public record TrainingResult(
        SoftmaxModel model, List<EpochMetrics> history, int bestEpoch, String stopReason, DataSplit split) {

    /** Returns the metrics of the best epoch. */
    public EpochMetrics best() {
        return history.get(bestEpoch - 1);
    }
}
