package dev.linprobe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox", "owl");

    // Hand-checked example. Rows are actual, columns predicted:
    //        cat dog fox owl
    //   cat   2   1   0   0
    //   dog   1   2   0   0
    //   fox   0   1   1   0
    //   owl   0   0   0   0
    private static final int[] ACTUAL = {0, 0, 0, 1, 1, 1, 2, 2};
    private static final int[] PREDICTED = {0, 0, 1, 1, 1, 0, 2, 1};

    @Test
    void of_smallExample_countsCells() {
        ConfusionMatrix matrix = ConfusionMatrix.of(ACTUAL, PREDICTED, CLASSES);

        assertArrayEquals(new int[] {2, 1, 0, 0}, matrix.counts()[0]);
        assertArrayEquals(new int[] {1, 2, 0, 0}, matrix.counts()[1]);
        assertArrayEquals(new int[] {0, 1, 1, 0}, matrix.counts()[2]);
        assertArrayEquals(new int[] {0, 0, 0, 0}, matrix.counts()[3]);
        assertEquals(8, matrix.total());
        assertEquals(5, matrix.correct());
        assertEquals(0.625, matrix.accuracy());
    }

    @Test
    void precisionRecall_smallExample_handChecked() {
        ConfusionMatrix matrix = ConfusionMatrix.of(ACTUAL, PREDICTED, CLASSES);

        assertEquals(2.0 / 3.0, matrix.precision(0), 1e-15);
        assertEquals(0.5, matrix.precision(1), 1e-15);
        assertEquals(1.0, matrix.precision(2), 1e-15);
        assertEquals(2.0 / 3.0, matrix.recall(0), 1e-15);
        assertEquals(2.0 / 3.0, matrix.recall(1), 1e-15);
        assertEquals(0.5, matrix.recall(2), 1e-15);
        assertEquals(3, matrix.support(0));
        assertEquals(3, matrix.support(1));
        assertEquals(2, matrix.support(2));
        assertEquals(4, matrix.predictedCount(1));
    }

    @Test
    void precisionRecall_zeroOverZero_isZero() {
        ConfusionMatrix matrix = ConfusionMatrix.of(ACTUAL, PREDICTED, CLASSES);
        ConfusionMatrix neverPredicted = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, List.of("a", "b"));

        assertEquals(0.0, matrix.precision(3));
        assertEquals(0.0, matrix.recall(3));
        assertEquals(0, matrix.support(3));
        assertEquals(0.0, neverPredicted.precision(1));
        assertEquals(0.0, neverPredicted.recall(1));
        assertEquals(0.5, neverPredicted.precision(0));
    }

    @Test
    void accuracy_isExactFraction() {
        int[] actual = new int[10];
        int[] predicted = new int[10];
        predicted[9] = 1;

        ConfusionMatrix matrix = ConfusionMatrix.of(actual, predicted, List.of("a", "b"));

        assertEquals(9.0 / 10.0, matrix.accuracy());
    }

    @Test
    void of_noExamples_accuracyZero() {
        ConfusionMatrix matrix = ConfusionMatrix.of(new int[0], new int[0], List.of("a"));

        assertEquals(0, matrix.total());
        assertEquals(0.0, matrix.accuracy());
    }

    @Test
    void of_invalidInput_rejected() {
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}, CLASSES));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 4}, new int[] {0, 0}, CLASSES));

        assertTrue(lengths.getMessage().contains("actual has 2 values but predicted has 1"), lengths.getMessage());
        assertTrue(range.getMessage().contains("actual[1] is 4"), range.getMessage());
    }

    @Test
    void fromCounts_nonSquare_rejected() {
        int[][] counts = {{1, 0}, {0}};

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.fromCounts(counts, List.of("a", "b")));

        assertTrue(error.getMessage().contains("row 1 has 1 columns"), error.getMessage());
    }
}
