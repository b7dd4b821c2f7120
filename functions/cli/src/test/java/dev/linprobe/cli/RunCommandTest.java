package dev.linprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.demo.DemoFiles;
import dev.linprobe.demo.FashionMnist;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code linprobe run} on folders that the test writes: Fashion-MNIST PNGs, plus a corrupt
 * {@code .png} and a text file in the folder of images to classify.
 */
@QuarkusMainTest
class RunCommandTest {

    private static final String CORRUPT_IMAGE = "corrupt.png";
    private static final String NOTES = "notes.txt";

    @TempDir
    static Path folder;

    static DemoFiles data;

    /** Ids of the valid images to classify, sorted. */
    static List<String> validIds;

    @BeforeAll
    static void writeFolders() throws IOException {
        data = CliFixtures.writeDataset(folder.resolve("data"), 60, 12, 5);
        try (Stream<Path> files = Files.list(data.predictFolder())) {
            validIds = files.map(file -> file.getFileName().toString().replace(".png", "")).sorted().toList();
        }

        Path predict = Files.createDirectories(folder.resolve("predict"));
        for (String id : validIds) {
            Files.copy(data.predictFolder().resolve(id + ".png"), predict.resolve(id + ".png"));
        }
        byte[] noise = new byte[2048];
        new Random(17).nextBytes(noise);
        Files.write(predict.resolve(CORRUPT_IMAGE), noise);
        Files.writeString(predict.resolve(NOTES), "not an image\n");
    }

    @Test
    void run_corruptImage_listedInFailures(QuarkusMainLauncher launcher) throws IOException {
        Path output = folder.resolve("out-failures");

        LaunchResult result = launcher.launch(arguments(output));

        assertEquals(0, result.exitCode(), result::getErrorOutput);
        List<CSVRecord> rows = readCsv(output.resolve("predictions.csv"));
        List<String> ids = rows.stream().map(row -> row.get("id")).toList();
        assertEquals(validIds, ids);
        assertFalse(ids.contains("corrupt"));

        JsonNode failures = new ObjectMapper().readTree(output.resolve("failures.json").toFile()).get("failures");
        assertEquals(1, failures.size(), failures::toString);
        String key = failures.get(0).get("key").asText();
        assertTrue(key.endsWith("/" + CORRUPT_IMAGE), key);
        String reason = failures.get(0).get("reason").asText();
        assertTrue(reason.contains("Cannot decode image"), reason);

        String summary = result.getOutput();
        assertTrue(summary.contains("predictions: " + validIds.size() + " images classified, 1 failed"), summary);
        assertTrue(summary.contains("failures.json"), summary);
    }

    @Test
    void run_nonImageInTrainFolder_mentionedInSummary(QuarkusMainLauncher launcher, @TempDir Path train) throws IOException {
        for (Path image : listFiles(data.trainFolder())) {
            Files.copy(image, train.resolve(image.getFileName()));
        }
        Files.writeString(train.resolve(NOTES), "not an image\n");
        List<String> arguments = new ArrayList<>(List.of(arguments(folder.resolve("out-train-skip"))));
        arguments.set(arguments.indexOf("--train-images") + 1, train.toString());

        LaunchResult result = launcher.launch(arguments.toArray(String[]::new));

        // The predict folder contains a notes file too, so both folders count.
        assertEquals(0, result.exitCode(), result::getErrorOutput);
        assertTrue(result.getOutput().contains("skipped 2 files that are not images, for example " + NOTES), result.getOutput());
    }

    @Test
    void run_nonImageInPredictFolder_mentionedInSummary(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(arguments(folder.resolve("out-predict-skip")));

        assertEquals(0, result.exitCode(), result::getErrorOutput);
        assertTrue(result.getOutput().contains("skipped 1 file that is not an image, for example " + NOTES), result.getOutput());
    }

    @Test
    void run_probabilitiesTopTwo_addsColumns(QuarkusMainLauncher launcher) throws IOException {
        Path output = folder.resolve("out-top-two");
        List<String> arguments = new ArrayList<>(List.of(arguments(output)));
        arguments.addAll(List.of("--probabilities", "--top-k", "2"));

        LaunchResult result = launcher.launch(arguments.toArray(String[]::new));

        assertEquals(0, result.exitCode(), result::getErrorOutput);
        assertEquals("id,Label,Probability,Label2,Probability2", Files.readAllLines(output.resolve("predictions.csv")).get(0));
        List<CSVRecord> rows = readCsv(output.resolve("predictions.csv"));
        assertEquals(validIds, rows.stream().map(row -> row.get("id")).toList());
        for (CSVRecord row : rows) {
            String first = row.get("Label");
            String second = row.get("Label2");
            assertTrue(FashionMnist.CLASS_NAMES.contains(first), row::toString);
            assertTrue(FashionMnist.CLASS_NAMES.contains(second), row::toString);
            assertNotEquals(first, second, row::toString);

            double p1 = Double.parseDouble(row.get("Probability"));
            double p2 = Double.parseDouble(row.get("Probability2"));
            assertTrue(p1 >= p2, row::toString);
            assertTrue(p2 >= 0, row::toString);
            assertTrue(p1 + p2 <= 1 + 1e-5, row::toString);
        }
    }

    /** Returns the arguments of a run on the test folders, with 10 L-BFGS iterations to keep it short. */
    private static String[] arguments(Path output) {
        List<String> arguments = CliFixtures.runArguments(data, folder.resolve("predict"), output);
        arguments.addAll(List.of("--epochs", "10"));
        return arguments.toArray(String[]::new);
    }

    private static List<CSVRecord> readCsv(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = Files.newBufferedReader(file); CSVParser parser = CSVParser.parse(reader, format)) {
            return parser.getRecords();
        }
    }

    private static List<Path> listFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
