package dev.linprobe.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Fits a {@link SoftmaxModel}: one linear layer, log-softmax and negative log-likelihood, by
 * full-batch L-BFGS or mini-batch SGD, measuring training and validation loss and accuracy after
 * every epoch and keeping the weights of the epoch with the best validation accuracy (ties go to the
 * lower validation loss, then to the earlier epoch). Without a validation split the last epoch wins.
 */
public final class SoftmaxTrainer {

    private static final Logger log = Logger.getLogger(SoftmaxTrainer.class);

    /** Receives each epoch's metrics as soon as they are known. */
    @FunctionalInterface
    public interface EpochListener {
        void onEpoch(EpochMetrics metrics);
    }

    private final SoftmaxTrainerConfig config;

    /** Creates a trainer with the given hyperparameters. */
    public SoftmaxTrainer(SoftmaxTrainerConfig config) {
        this.config = config;
    }

    /** Returns the hyperparameters. */
    public SoftmaxTrainerConfig config() {
        return config;
    }

    /** Splits the data as configured, then trains. */
    public TrainingResult train(TrainingData data, EpochListener listener) {
        DataSplit split = DataSplit.random(data.labels(), data.classNames().size(), config.validationFraction(),
                config.seed(), config.stratified());
        return train(data, split, listener);
    }

    /** Trains on the given split. */
    public TrainingResult train(TrainingData data, DataSplit split, EpochListener listener) {
        int dimension = data.dimension();
        int classes = data.classNames().size();
        float[] mean = null;
        float[] std = null;
        float[] features = data.features();
        if (config.standardize()) {
            mean = new float[dimension];
            std = new float[dimension];
            standardisation(features, dimension, split.train(), mean, std);
            features = standardised(features, dimension, mean, std);
        }
        ExecutorService executor = config.threads() > 1 ? Executors.newFixedThreadPool(config.threads(), daemonThreads()) : null;
        try {
            SoftmaxObjective objective = new SoftmaxObjective(features, data.labels(), dimension, classes, config.l2(), executor);
            Run run = new Run(objective, split, listener);
            if (config.optimizer() == Optimizer.LBFGS) {
                runLbfgs(run);
            } else {
                runSgd(run);
            }
            SoftmaxModel model = toModel(run.bestTheta, data, mean, std);
            log.infov("Training stopped after {0} epochs: {1}; best epoch {2}", run.history.size(), run.stopReason, run.bestEpoch);
            return new TrainingResult(model, List.copyOf(run.history), run.bestEpoch, run.stopReason, split);
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    /** State of one run: history, best weights so far and why it stopped. */
    private final class Run {
        final SoftmaxObjective objective;
        final DataSplit split;
        final EpochListener listener;
        final List<EpochMetrics> history = new ArrayList<>();
        double[] bestTheta;
        int bestEpoch;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        double bestLoss = Double.POSITIVE_INFINITY;
        String stopReason = "reached the epoch limit";

        Run(SoftmaxObjective objective, DataSplit split, EpochListener listener) {
            this.objective = objective;
            this.split = split;
            this.listener = listener;
        }

        /** Records an epoch and returns false when early stopping ends the run. */
        boolean record(double[] theta) {
            SoftmaxObjective.Evaluation train = objective.evaluate(theta, split.train());
            SoftmaxObjective.Evaluation validation = objective.evaluate(theta, split.validation());
            int epoch = history.size() + 1;
            EpochMetrics metrics = new EpochMetrics(epoch, train.loss(), train.accuracy(), validation.loss(), validation.accuracy());
            history.add(metrics);
            boolean better;
            if (validation.count() == 0) {
                better = true;
            } else {
                better = validation.accuracy() > bestAccuracy
                        || (validation.accuracy() == bestAccuracy && validation.loss() < bestLoss);
            }
            if (better) {
                bestTheta = theta.clone();
                bestEpoch = epoch;
                bestAccuracy = validation.accuracy();
                bestLoss = validation.loss();
            }
            if (listener != null) {
                listener.onEpoch(metrics);
            }
            if (config.earlyStoppingPatience() > 0 && validation.count() > 0
                    && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                stopReason = "early stopping: no better validation result (accuracy, then loss) for "
                        + config.earlyStoppingPatience() + " epochs";
                return false;
            }
            return true;
        }
    }

    private void runLbfgs(Run run) {
        int[] rows = run.split.train();
        Lbfgs optimizer = new Lbfgs(
                (theta, gradient) -> run.objective.lossAndGradient(theta, rows, 0, rows.length, gradient),
                new double[run.objective.parameterCount()],
                config.lbfgsHistory());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            boolean moved = optimizer.step();
            if (!run.record(optimizer.point())) {
                return;
            }
            if (!moved) {
                run.stopReason = "converged: the line search found no lower loss";
                return;
            }
            if (optimizer.gradientMaxNorm() < config.tolerance()) {
                run.stopReason = "converged: largest gradient component below " + config.tolerance();
                return;
            }
        }
    }

    private void runSgd(Run run) {
        int[] order = run.split.train().clone();
        double[] theta = new double[run.objective.parameterCount()];
        double[] velocity = new double[theta.length];
        double[] gradient = new double[theta.length];
        Random random = sampleOrder(config.seed());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            shuffle(order, random);
            for (int start = 0; start < order.length; start += config.batchSize()) {
                int end = Math.min(order.length, start + config.batchSize());
                run.objective.lossAndGradient(theta, order, start, end, gradient);
                for (int p = 0; p < theta.length; p++) {
                    velocity[p] = config.momentum() * velocity[p] + gradient[p];
                    theta[p] -= config.learningRate() * velocity[p];
                }
            }
            if (!allFinite(theta)) {
                throw new IllegalStateException("SGD diverged in epoch " + epoch + " (weights are no longer finite) with "
                        + "learning rate " + config.learningRate() + ": lower the learning rate or turn on standardisation");
            }
            if (!run.record(theta)) {
                return;
            }
        }
    }

    /** Returns the generator that orders SGD's samples: each epoch shuffles the training rows with it. */
    static Random sampleOrder(long seed) {
        return new Random(seed ^ 0x5DEECE66DL);
    }

    private static boolean allFinite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** Computes per-feature mean and standard deviation over the training rows; a constant feature gets scale 1. */
    private static void standardisation(float[] features, int dimension, int[] rows, float[] mean, float[] std) {
        double[] sum = new double[dimension];
        for (int row : rows) {
            for (int j = 0; j < dimension; j++) {
                sum[j] += features[row * dimension + j];
            }
        }
        double[] squares = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            sum[j] /= rows.length;
        }
        for (int row : rows) {
            for (int j = 0; j < dimension; j++) {
                double centred = features[row * dimension + j] - sum[j];
                squares[j] += centred * centred;
            }
        }
        for (int j = 0; j < dimension; j++) {
            double deviation = Math.sqrt(squares[j] / rows.length);
            mean[j] = (float) sum[j];
            std[j] = deviation > 1e-6 ? (float) deviation : 1f;
        }
    }

    private static float[] standardised(float[] features, int dimension, float[] mean, float[] std) {
        float[] out = new float[features.length];
        for (int i = 0; i < features.length; i++) {
            int j = i % dimension;
            out[i] = (features[i] - mean[j]) / std[j];
        }
        return out;
    }

    private SoftmaxModel toModel(double[] theta, TrainingData data, float[] mean, float[] std) {
        int dimension = data.dimension();
        int classes = data.classNames().size();
        float[] weights = new float[classes * dimension];
        float[] bias = new float[classes];
        for (int p = 0; p < weights.length; p++) {
            weights[p] = (float) theta[p];
        }
        for (int k = 0; k < classes; k++) {
            bias[k] = (float) theta[weights.length + k];
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("config", config.toString());
        return new SoftmaxModel(data.classNames(), dimension, weights, bias, mean, std, null, metadata);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "linprobe-trainer");
            thread.setDaemon(true);
            return thread;
        };
    }
}
