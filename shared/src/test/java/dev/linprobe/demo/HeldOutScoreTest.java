package dev.linprobe.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.labels.LabelsFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutScoreTest {

    private static final String TRUTH = """
            id,Label
            test-000001,T-shirt/top
            test-000002,Trouser
            test-000003,Bag
            test-000004,Ankle boot
            """;

    @TempDir
    Path folder;

    @Test
    void compute_allPredicted_exactFraction() throws IOException {
        Path truth = write("truth.csv", TRUTH);
        Path predictions = write("predictions.csv", """
                id,Label,Probability
                test-000004,Ankle boot,0.9
                test-000001,T-shirt/top,0.8
                test-000002,Pullover,0.4
                test-000003,Bag,0.7
                """);

        HeldOutScore score = HeldOutScore.compute(predictions, truth);

        assertEquals(3, score.correct());
        assertEquals(4, score.scored());
        assertEquals(List.of(), score.missingIds());
        assertEquals(0.75, score.accuracy());
        assertEquals(4, score.truthCount());
        assertEquals("3/4 (75.00%)", score.toString());
    }

    @Test
    void compute_missingPredictions_listedNotScored() throws IOException {
        Path truth = write("truth.csv", TRUTH);
        Path predictions = write("predictions.csv", """
                id,Label
                test-000002,Trouser
                """);

        HeldOutScore score = HeldOutScore.compute(predictions, truth);

        assertEquals(1, score.correct());
        assertEquals(1, score.scored());
        assertEquals(List.of("test-000001", "test-000003", "test-000004"), score.missingIds());
        assertEquals(4, score.truthCount());
        assertEquals("1/1 (100.00%), 3 ids missing", score.toString());
    }

    @Test
    void compute_unknownId_rejected() throws IOException {
        Path truth = write("truth.csv", TRUTH);
        Path predictions = write("predictions.csv", """
                id,Label
                test-000002,Trouser
                train-000007,Bag
                """);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeldOutScore.compute(predictions, truth));

        assertTrue(e.getMessage().contains("predicts 1 ids that are not in"), e.getMessage());
        assertTrue(e.getMessage().contains("[train-000007]"), e.getMessage());
    }

    @Test
    void compute_caseDiffers_countsAsWrong() throws IOException {
        Path truth = write("truth.csv", TRUTH);
        Path predictions = write("predictions.csv", """
                id,Label
                test-000003,bag
                """);

        assertEquals(0, HeldOutScore.compute(predictions, truth).correct());
    }

    @Test
    void compute_noLabelColumn_rejected() throws IOException {
        Path truth = write("truth.csv", TRUTH);
        Path predictions = write("predictions.csv", "id,Prediction\ntest-000001,Bag\n");

        assertThrows(LabelsFormatException.class, () -> HeldOutScore.compute(predictions, truth));
    }

    @Test
    void compute_demoTruthAgainstItself_perfect() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 20);
        DemoFiles files = new DemoDataset(source).build(folder.resolve("demo"), 5, 12, 9);

        HeldOutScore score = HeldOutScore.compute(files.predictTruthCsv(), files.predictTruthCsv());

        assertEquals(12, score.correct());
        assertEquals(12, score.scored());
        assertEquals(1.0, score.accuracy());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }
}
