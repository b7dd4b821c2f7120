package dev.linprobe.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Mean negative log-likelihood of a multinomial logistic regression, with its gradient.
 *
 * <p>Parameters are one flat array: the K x D weight matrix in row-major order, then K biases. The
 * loss of a sample with features x and class y is {@code logsumexp(Wx + b) - (Wx + b)[y]}, computed
 * with the maximum logit subtracted so that no exponential overflows. The objective adds
 * {@code l2 / 2 * ||W||^2}. Rows are processed in fixed chunks whose partial sums are added in chunk
 * order, so results are identical whatever the number of threads.
 */
final class SoftmaxObjective {

    /** Rows per chunk of parallel work; fixed so that the summation order never changes. */
    static final int CHUNK_ROWS = 256;

    private final float[] features;
    private final int[] labels;
    private final int dimension;
    private final int classes;
    private final double l2;
    private final ExecutorService executor;

    /**
     * @param features row-major [N, D] feature matrix, already standardised if that was requested
     * @param labels class index of each row, in [0, classes)
     * @param executor runs chunks in parallel; null runs them on the calling thread
     */
    SoftmaxObjective(float[] features, int[] labels, int dimension, int classes, double l2, ExecutorService executor) {
        this.features = features;
        this.labels = labels;
        this.dimension = dimension;
        this.classes = classes;
        this.l2 = l2;
        this.executor = executor;
    }

    int parameterCount() {
        return classes * (dimension + 1);
    }

    /** Loss and exact count of correct predictions over some rows. */
    record Evaluation(double loss, int correct, int count) {
        double accuracy() {
            return count == 0 ? Double.NaN : (double) correct / count;
        }
    }

    /**
     * Computes the regularised mean loss over {@code rows} and writes its gradient into {@code gradient}.
     */
    double lossAndGradient(double[] theta, int[] rows, int from, int to, double[] gradient) {
        int count = to - from;
        List<double[]> partials = runChunks(from, to, (start, end) -> {
            double[] partial = new double[parameterCount() + 1];
            double loss = 0;
            double[] logits = new double[classes];
            for (int i = start; i < end; i++) {
                int row = rows[i];
                loss += accumulate(theta, row, logits, partial, true);
            }
            partial[parameterCount()] = loss;
            return partial;
        });
        java.util.Arrays.fill(gradient, 0);
        double loss = 0;
        for (double[] partial : partials) {
            for (int p = 0; p < gradient.length; p++) {
                gradient[p] += partial[p];
            }
            loss += partial[parameterCount()];
        }
        double scale = 1.0 / count;
        double penalty = 0;
        int weights = classes * dimension;
        for (int p = 0; p < gradient.length; p++) {
            gradient[p] *= scale;
        }
        if (l2 > 0) {
            for (int p = 0; p < weights; p++) {
                gradient[p] += l2 * theta[p];
                penalty += theta[p] * theta[p];
            }
        }
        return loss * scale + 0.5 * l2 * penalty;
    }

    /** Computes the unregularised mean loss and the exact number of correct predictions over {@code rows}. */
    Evaluation evaluate(double[] theta, int[] rows) {
        if (rows.length == 0) {
            return new Evaluation(Double.NaN, 0, 0);
        }
        List<double[]> partials = runChunks(0, rows.length, (start, end) -> {
            double loss = 0;
            int correct = 0;
            double[] logits = new double[classes];
            for (int i = start; i < end; i++) {
                loss += accumulate(theta, rows[i], logits, null, false);
                if (argmax(logits) == labels[rows[i]]) {
                    correct++;
                }
            }
            return new double[] {loss, correct};
        });
        double loss = 0;
        int correct = 0;
        for (double[] partial : partials) {
            loss += partial[0];
            correct += (int) partial[1];
        }
        return new Evaluation(loss / rows.length, correct, rows.length);
    }

    /**
     * Computes the logits of one row into {@code logits} and returns its loss; when {@code gradient}
     * is given, adds the row's gradient to it.
     */
    private double accumulate(double[] theta, int row, double[] logits, double[] gradient, boolean withGradient) {
        int offset = row * dimension;
        int biasOffset = classes * dimension;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            int weightOffset = k * dimension;
            double z = theta[biasOffset + k];
            for (int j = 0; j < dimension; j++) {
                z += theta[weightOffset + j] * features[offset + j];
            }
            logits[k] = z;
            if (z > max) {
                max = z;
            }
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[k] - max);
        }
        double logPartition = max + Math.log(sum);
        int label = labels[row];
        double loss = logPartition - logits[label];
        if (withGradient) {
            for (int k = 0; k < classes; k++) {
                double coefficient = Math.exp(logits[k] - logPartition) - (k == label ? 1.0 : 0.0);
                int weightOffset = k * dimension;
                for (int j = 0; j < dimension; j++) {
                    gradient[weightOffset + j] += coefficient * features[offset + j];
                }
                gradient[biasOffset + k] += coefficient;
            }
        }
        return loss;
    }

    /** Returns the index of the largest value; ties go to the lowest index. */
    static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    @FunctionalInterface
    private interface Chunk {
        double[] run(int start, int end);
    }

    private List<double[]> runChunks(int from, int to, Chunk chunk) {
        List<double[]> results = new ArrayList<>();
        if (executor == null || to - from <= CHUNK_ROWS) {
            for (int start = from; start < to; start += CHUNK_ROWS) {
                results.add(chunk.run(start, Math.min(to, start + CHUNK_ROWS)));
            }
            return results;
        }
        List<Future<double[]>> futures = new ArrayList<>();
        for (int start = from; start < to; start += CHUNK_ROWS) {
            int chunkStart = start;
            int chunkEnd = Math.min(to, start + CHUNK_ROWS);
            futures.add(executor.submit(() -> chunk.run(chunkStart, chunkEnd)));
        }
        try {
            for (Future<double[]> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a training worker failed: " + e.getCause(), e.getCause());
        }
        return results;
    }
}
