package dev.linprobe.report;

import java.util.List;

/**
 * Counts of predictions per pair of actual and predicted class, with per-class precision and
 * recall.
 *
 * <p>Rows are actual classes and columns are predicted classes, both indexed like the class names.
 * Every 0/0 is defined as 0, not NaN, so that averages over classes stay finite: a class that
 * is never predicted has precision 0, a class that never occurs has recall 0, and an empty matrix
 * has accuracy 0.
 */
public final class ConfusionMatrix {

    private final List<String> classNames;
    private final int[][] counts;
    private final int total;
    private final int correct;

    private ConfusionMatrix(List<String> classNames, int[][] counts) {
        this.classNames = List.copyOf(classNames);
        this.counts = counts;
        int sum = 0;
        int diagonal = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                sum += counts[i][j];
            }
            diagonal += counts[i][i];
        }
        this.total = sum;
        this.correct = diagonal;
    }

    /**
     * Counts each pair of actual and predicted class index.
     *
     * @param actual the true class index of each example
     * @param predicted the predicted class index of each example, in the same order
     * @param classNames the class names, whose positions are the class indexes
     * @throws IllegalArgumentException if the arrays differ in length or an index is outside the
     *     class list
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, List<String> classNames) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " values but predicted has "
                    + predicted.length + "; pass one actual and one predicted class per example");
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames is empty; pass at least one class name");
        }
        int classCount = classNames.size();
        int[][] counts = new int[classCount][classCount];
        for (int i = 0; i < actual.length; i++) {
            checkIndex("actual", i, actual[i], classCount);
            checkIndex("predicted", i, predicted[i], classCount);
            counts[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(classNames, counts);
    }

    /**
     * Creates a matrix from existing counts, for example ones read back from a report.
     *
     * @param counts a square matrix with one row and one column per class, rows actual
     * @throws IllegalArgumentException if the matrix is not square with one row per class, or a count
     *     is negative
     */
    public static ConfusionMatrix fromCounts(int[][] counts, List<String> classNames) {
        int classCount = classNames.size();
        if (counts.length != classCount) {
            throw new IllegalArgumentException(
                    "counts has " + counts.length + " rows but there are " + classCount + " classes; pass one row per class");
        }
        int[][] copy = new int[classCount][];
        for (int i = 0; i < classCount; i++) {
            if (counts[i].length != classCount) {
                throw new IllegalArgumentException("counts row " + i + " has " + counts[i].length
                        + " columns but there are " + classCount + " classes; pass a square matrix");
            }
            for (int count : counts[i]) {
                if (count < 0) {
                    throw new IllegalArgumentException("counts row " + i + " contains the negative count " + count);
                }
            }
            copy[i] = counts[i].clone();
        }
        return new ConfusionMatrix(classNames, copy);
    }

    private static void checkIndex(String name, int example, int classIndex, int classCount) {
        if (classIndex < 0 || classIndex >= classCount) {
            throw new IllegalArgumentException(name + "[" + example + "] is " + classIndex
                    + " but class indexes run from 0 to " + (classCount - 1));
        }
    }

    /** Returns the class names, whose positions are the row and column indexes. */
    public List<String> classNames() {
        return classNames;
    }

    /** Returns the number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /** Returns a copy of the counts: {@code counts()[actual][predicted]}. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Returns the number of examples of class {@code actual} that were predicted as {@code predicted}. */
    public int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Returns the number of examples. */
    public int total() {
        return total;
    }

    /** Returns the number of examples whose prediction equals the actual class. */
    public int correct() {
        return correct;
    }

    /** Returns {@code correct() / total()}, or 0 when there are no examples. */
    public double accuracy() {
        return total == 0 ? 0.0 : (double) correct / total;
    }

    /** Returns the number of examples whose actual class is {@code classIndex} (the row sum). */
    public int support(int classIndex) {
        int sum = 0;
        for (int count : counts[classIndex]) {
            sum += count;
        }
        return sum;
    }

    /** Returns the number of examples predicted as {@code classIndex} (the column sum). */
    public int predictedCount(int classIndex) {
        int sum = 0;
        for (int[] row : counts) {
            sum += row[classIndex];
        }
        return sum;
    }

    /** Returns the fraction of predictions of this class that are correct, or 0 if it is never predicted. */
    public double precision(int classIndex) {
        int predicted = predictedCount(classIndex);
        return predicted == 0 ? 0.0 : (double) counts[classIndex][classIndex] / predicted;
    }

    /** Returns the fraction of examples of this class that are predicted correctly, or 0 if it never occurs. */
    public double recall(int classIndex) {
        int support = support(classIndex);
        return support == 0 ? 0.0 : (double) counts[classIndex][classIndex] / support;
    }
}
