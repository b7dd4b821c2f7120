package dev.linprobe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoftmaxTrainerTest {

    private static SoftmaxTrainerConfig quick(Optimizer optimizer, int epochs) {
        return SoftmaxTrainerConfig.defaults().withOptimizer(optimizer).withEpochs(epochs).withThreads(2);
    }

    @Test
    void lbfgs_separableBlobs_reachesPerfectAccuracy() {
        TrainingData data = SyntheticData.blobs(3, 100, 8, 6.0, 0.5, 1);

        TrainingResult result = new SoftmaxTrainer(quick(Optimizer.LBFGS, 30)).train(data, null);

        assertEquals(1.0, result.best().trainAccuracy());
        assertEquals(1.0, result.best().validationAccuracy());
        int[] predicted = result.model().predict(data.features(), data.size());
        assertArrayEquals(data.labels(), predicted);
    }

    @Test
    void sgd_separableBlobs_reachesPerfectAccuracy() {
        TrainingData data = SyntheticData.blobs(4, 60, 10, 6.0, 0.5, 2);

        TrainingResult result = new SoftmaxTrainer(quick(Optimizer.SGD, 20).withSgd(0.05, 16, 0.9)).train(data, null);

        assertEquals(1.0, result.best().trainAccuracy());
        assertEquals(1.0, result.best().validationAccuracy());
    }

    @Test
    void train_epochSeries_hasOneEntryPerEpoch() {
        TrainingData data = SyntheticData.blobs(3, 50, 6, 1.0, 1.0, 3);
        List<EpochMetrics> seen = new ArrayList<>();

        TrainingResult result = new SoftmaxTrainer(quick(Optimizer.SGD, 17).withSgd(0.01, 8, 0.0)).train(data, seen::add);

        assertEquals(17, result.history().size());
        assertEquals(result.history(), seen);
        for (int i = 0; i < 17; i++) {
            EpochMetrics epoch = result.history().get(i);
            assertEquals(i + 1, epoch.epoch());
            assertTrue(Double.isFinite(epoch.trainLoss()));
            assertTrue(Double.isFinite(epoch.validationLoss()));
        }
    }

    @Test
    void train_sameSeed_givesIdenticalMetrics() {
        TrainingData data = SyntheticData.blobs(3, 80, 12, 1.5, 1.0, 4);

        for (Optimizer optimizer : Optimizer.values()) {
            TrainingResult first = new SoftmaxTrainer(quick(optimizer, 12).withThreads(1)).train(data, null);
            TrainingResult second = new SoftmaxTrainer(quick(optimizer, 12).withThreads(3)).train(data, null);

            assertEquals(first.history(), second.history(), optimizer + " history");
            assertArrayEquals(first.model().weights(), second.model().weights(), optimizer + " weights");
        }
    }

    @Test
    void train_otherSeed_changesSplit() {
        TrainingData data = SyntheticData.blobs(3, 80, 12, 1.5, 1.0, 4);

        TrainingResult first = new SoftmaxTrainer(quick(Optimizer.LBFGS, 3)).train(data, null);
        TrainingResult second = new SoftmaxTrainer(quick(Optimizer.LBFGS, 3).withSeed(7)).train(data, null);

        assertTrue(!java.util.Arrays.equals(first.split().validation(), second.split().validation()));
    }

    @Test
    void sgd_batchSizeOne_matchesPerSampleUpdates() {
        TrainingData data = SyntheticData.blobs(3, 20, 5, 2.0, 1.0, 5);
        SoftmaxTrainerConfig config = quick(Optimizer.SGD, 3).withSgd(0.05, 1, 0.0).withStandardize(false).withL2(0.01);
        DataSplit split = DataSplit.random(data.labels(), 3, 0.3, config.seed(), false);

        TrainingResult result = new SoftmaxTrainer(config).train(data, split, null);
        double[][] expected = perSampleSgd(data, split.train(), config);

        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(expected[k][j], result.model().weights()[k * 5 + j], 1e-5, "weight " + k + "," + j);
            }
            assertEquals(expected[k][5], result.model().bias()[k], 1e-5, "bias " + k);
        }
    }

    /** Trains with the textbook per-sample rule, written out independently: for each sample, w -= lr * ((p - y) x + l2 w). */
    private static double[][] perSampleSgd(TrainingData data, int[] trainRows, SoftmaxTrainerConfig config) {
        int d = data.dimension();
        double[][] w = new double[3][d + 1];
        int[] order = trainRows.clone();
        java.util.Random random = SoftmaxTrainer.sampleOrder(config.seed());
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int row : order) {
                double[] z = new double[3];
                for (int k = 0; k < 3; k++) {
                    z[k] = w[k][d];
                    for (int j = 0; j < d; j++) {
                        z[k] += w[k][j] * data.features()[row * d + j];
                    }
                }
                double max = Math.max(z[0], Math.max(z[1], z[2]));
                double sum = Math.exp(z[0] - max) + Math.exp(z[1] - max) + Math.exp(z[2] - max);
                for (int k = 0; k < 3; k++) {
                    double p = Math.exp(z[k] - max) / sum;
                    double error = p - (data.labels()[row] == k ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        w[k][j] -= config.learningRate() * (error * data.features()[row * d + j] + config.l2() * w[k][j]);
                    }
                    w[k][d] -= config.learningRate() * error;
                }
            }
        }
        return w;
    }

    @Test
    void objective_gradient_matchesFiniteDifferences() {
        TrainingData data = SyntheticData.blobs(3, 10, 4, 1.0, 1.0, 6);
        int[] rows = java.util.stream.IntStream.range(0, data.size()).toArray();
        SoftmaxObjective objective = new SoftmaxObjective(data.features(), data.labels(), 4, 3, 0.1, null);
        double[] theta = new double[objective.parameterCount()];
        java.util.Random random = new java.util.Random(9);
        for (int p = 0; p < theta.length; p++) {
            theta[p] = random.nextGaussian() * 0.3;
        }
        double[] gradient = new double[theta.length];
        objective.lossAndGradient(theta, rows, 0, rows.length, gradient);

        double h = 1e-6;
        for (int p = 0; p < theta.length; p++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[p] += h;
            minus[p] -= h;
            double numeric = (objective.lossAndGradient(plus, rows, 0, rows.length, new double[theta.length])
                    - objective.lossAndGradient(minus, rows, 0, rows.length, new double[theta.length])) / (2 * h);
            assertEquals(numeric, gradient[p], 1e-6, "parameter " + p);
        }
    }

    @Test
    void objective_hugeLogits_staysFinite() {
        float[] features = {1e4f, -1e4f, -1e4f, 1e4f};
        SoftmaxObjective objective = new SoftmaxObjective(features, new int[] {0, 1}, 2, 2, 0, null);
        double[] theta = {10, 0, 0, 10, 0, 0};

        SoftmaxObjective.Evaluation evaluation = objective.evaluate(theta, new int[] {0, 1});

        assertEquals(0.0, evaluation.loss(), 1e-12);
        assertEquals(2, evaluation.correct());
        double[] wrong = {0, 10, 10, 0, 0, 0};
        assertEquals(2e5, objective.evaluate(wrong, new int[] {0, 1}).loss(), 1e-6);
    }

    @Test
    void evaluate_accuracy_isExactFraction() {
        float[] features = {1, 0, 0, 1, 1, 0};
        SoftmaxObjective objective = new SoftmaxObjective(features, new int[] {0, 1, 1}, 2, 2, 0, null);
        double[] theta = {1, 0, 0, 1, 0, 0};

        SoftmaxObjective.Evaluation evaluation = objective.evaluate(theta, new int[] {0, 1, 2});

        assertEquals(2, evaluation.correct());
        assertEquals(2.0 / 3.0, evaluation.accuracy());
    }

    @Test
    void earlyStopping_noImprovement_stopsBeforeEpochLimit() {
        TrainingData data = SyntheticData.blobs(3, 60, 8, 8.0, 0.3, 7);

        TrainingResult result = new SoftmaxTrainer(quick(Optimizer.SGD, 200).withSgd(0.05, 16, 0.9).withEarlyStopping(3))
                .train(data, null);

        assertTrue(result.history().size() < 200, "epochs run: " + result.history().size());
        assertEquals(result.bestEpoch() + 3, result.history().size());
        assertTrue(result.stopReason().startsWith("early stopping"));
    }

    @Test
    void split_stratified_keepsClassShares() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 80 ? 0 : 1;
        }

        DataSplit split = DataSplit.random(labels, 2, 0.25, 1, true);

        assertEquals(25, split.validation().length);
        long minority = java.util.Arrays.stream(split.validation()).filter(i -> labels[i] == 1).count();
        assertEquals(5, minority);
    }

    @Test
    void split_explicitUnknownId_namesIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DataSplit.explicit(List.of("a", "b", "c"), List.of("b", "zzz"), 1));

        assertTrue(error.getMessage().contains("zzz"), error.getMessage());
    }

    @Test
    void config_negativeEpochs_rejectedWithValue() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxTrainerConfig.defaults().withEpochs(-3));

        assertTrue(error.getMessage().contains("-3"), error.getMessage());
    }
}
