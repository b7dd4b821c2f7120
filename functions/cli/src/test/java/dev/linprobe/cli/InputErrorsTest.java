package dev.linprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.catalog.CatalogEntry;
import dev.linprobe.catalog.ModelCatalog;
import dev.linprobe.demo.DemoFiles;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code linprobe run}: each case exits with 1, or 2 for a picocli usage error, and
 * prints one error line that names the bad value, with no stack trace.
 */
@QuarkusMainTest
class InputErrorsTest {

    @TempDir
    static Path folder;

    static DemoFiles data;

    @BeforeAll
    static void writeDataset() {
        data = CliFixtures.writeDataset(folder.resolve("data"), 20, 5, 11);
    }

    @Test
    void run_missingRequiredOption_exitsTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("run", "--train-images", data.trainFolder().toString(),
                "--labels", data.labelsCsv().toString(), "--output", folder.resolve("out").toString());

        assertEquals(2, result.exitCode(), result::getErrorOutput);
        List<String> lines = result.getErrorStream();
        assertEquals(2, lines.size(), result::getErrorOutput);
        assertEquals("linprobe run: error: Missing required option: '--predict-images=DIR'", lines.get(0));
        assertEquals("Run 'linprobe run --help' for the options.", lines.get(1));
        assertNoStackTrace(result);
    }

    @Test
    void run_epochsNotNumber_exitsTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(validRun("--epochs", "abc"));

        assertEquals(2, result.exitCode(), result::getErrorOutput);
        String first = result.getErrorStream().get(0);
        assertTrue(first.contains("--epochs"), first);
        assertTrue(first.contains("'abc'"), first);
        assertNoStackTrace(result);
    }

    @Test
    void run_epochsZero_namesValue(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--epochs", "0")));

        assertTrue(error.contains("epochs"), error);
        assertTrue(error.contains("found 0"), error);
    }

    @Test
    void run_unknownOptimizer_listsAccepted(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--optimizer", "adam")));

        assertTrue(error.contains("'adam'"), error);
        assertTrue(error.contains("lbfgs"), error);
        assertTrue(error.contains("sgd"), error);
    }

    @Test
    void run_unknownDevice_listsAccepted(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--device", "tpu")));

        assertTrue(error.contains("'tpu'"), error);
        assertTrue(error.contains("cpu"), error);
        assertTrue(error.contains("cuda:N"), error);
    }

    @Test
    void run_unknownModel_listsCatalog(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--model", "nosuchmodel")));

        assertTrue(error.contains("'nosuchmodel'"), error);
        List<CatalogEntry> entries = ModelCatalog.load().entries();
        assertFalse(entries.isEmpty());
        for (CatalogEntry entry : entries) {
            assertTrue(error.contains(entry.name()), "missing " + entry.name() + " in: " + error);
        }
    }

    @Test
    void run_labelsWrongHeader_namesFileAndHeader(QuarkusMainLauncher launcher) throws IOException {
        Path labels = folder.resolve("wrong-header.csv");
        Files.writeString(labels, "name,class\ntrain-000001,Bag\n");

        String error = singleError(launcher.launch(runWithLabels(labels)));

        assertTrue(error.contains(labels.toString()), error);
        assertTrue(error.contains("id,Label"), error);
        assertTrue(error.contains("name,class"), error);
    }

    @Test
    void run_labelsMatchNoImage_namesLabelsFile(QuarkusMainLauncher launcher) throws IOException {
        Path labels = folder.resolve("unknown-ids.csv");
        Files.writeString(labels, "id,Label\nno-such-image-1,Bag\nno-such-image-2,Coat\n");

        String error = singleError(launcher.launch(runWithLabels(labels)));

        assertTrue(error.contains(labels.toString()), error);
        assertTrue(error.contains(data.trainFolder().toString()), error);
        assertTrue(error.contains("no-such-image-1"), error);
    }

    @Test
    void run_trainFolderMissing_namesFolder(QuarkusMainLauncher launcher) {
        Path missing = folder.resolve("no-such-folder");
        List<String> arguments = CliFixtures.runArguments(data, data.predictFolder(), folder.resolve("out"));
        arguments.set(arguments.indexOf("--train-images") + 1, missing.toString());

        String error = singleError(launcher.launch(arguments.toArray(String[]::new)));

        assertTrue(error.contains("image folder not found"), error);
        assertTrue(error.contains(missing.toString()), error);
    }

    @Test
    void run_validationFractionAboveOne_namesValue(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--validation-fraction", "1.5")));

        assertTrue(error.contains("validation fraction"), error);
        assertTrue(error.contains("1.5"), error);
    }

    @Test
    void run_negativeResize_namesOption(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--resize", "-5")));

        assertTrue(error.contains("--resize"), error);
        assertTrue(error.contains("found -5"), error);
    }

    @Test
    void run_cropLargerThanResize_namesBoth(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--resize", "100", "--crop", "120")));

        assertTrue(error.contains("--crop (120)"), error);
        assertTrue(error.contains("--resize (100)"), error);
    }

    @Test
    void run_meanTwoValues_namesOption(QuarkusMainLauncher launcher) {
        String error = singleError(launcher.launch(validRun("--mean", "0.5,0.5")));

        assertTrue(error.contains("--mean"), error);
        assertTrue(error.contains("found 2"), error);
    }

    @Test
    void run_topKAboveClassCount_rejectedBeforeWork(QuarkusMainLauncher launcher) throws IOException {
        List<String> rows = Files.readAllLines(data.labelsCsv());
        long classes = rows.subList(1, rows.size()).stream().map(row -> row.substring(row.indexOf(',') + 1)).distinct().count();

        LaunchResult result = launcher.launch(validRun("--top-k", "11"));

        String error = singleError(result);
        assertTrue(error.contains("--top-k 11"), error);
        assertTrue(error.contains("at most --top-k " + classes), error);
        assertFalse(result.getOutput().contains("Storage:"), "nothing may start before the check: " + result.getOutput());
    }

    @Test
    void run_singleClass_rejectedBeforeWork(QuarkusMainLauncher launcher) throws IOException {
        Path labels = folder.resolve("one-class.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(data.labelsCsv()));
        List<String> oneClass = new ArrayList<>(List.of(rows.get(0)));
        for (String row : rows.subList(1, rows.size())) {
            oneClass.add(row.substring(0, row.indexOf(',')) + ",Bag");
        }
        Files.write(labels, oneClass);

        LaunchResult result = launcher.launch(runWithLabels(labels));

        String error = singleError(result);
        assertTrue(error.contains("at least 2 classes"), error);
        assertTrue(error.contains("[Bag]"), error);
        assertFalse(result.getOutput().contains("Storage:"), result.getOutput());
    }

    @Test
    void run_outputIsFile_rejectedBeforeWork(QuarkusMainLauncher launcher) throws IOException {
        Path file = Files.writeString(folder.resolve("a-file"), "x");
        List<String> arguments = new ArrayList<>(List.of(validRun()));
        arguments.set(arguments.indexOf("--output") + 1, file.toString());

        String error = singleError(launcher.launch(arguments.toArray(String[]::new)));

        assertTrue(error.contains(file + " is a file"), error);
    }

    @Test
    void run_emptyValidationIds_rejected(QuarkusMainLauncher launcher) throws IOException {
        Path empty = Files.writeString(folder.resolve("empty-ids.txt"), "\n");

        String error = singleError(launcher.launch(validRun("--validation-ids", empty.toString())));

        assertTrue(error.contains("validation id list is empty"), error);
    }

    /** Returns the arguments of a valid run on the test data set, followed by {@code extra}. */
    private static String[] validRun(String... extra) {
        List<String> arguments = new ArrayList<>(CliFixtures.runArguments(data, data.predictFolder(), folder.resolve("out")));
        arguments.addAll(List.of(extra));
        return arguments.toArray(String[]::new);
    }

    private static String[] runWithLabels(Path labels) {
        List<String> arguments = CliFixtures.runArguments(data, data.predictFolder(), folder.resolve("out"));
        arguments.set(arguments.indexOf("--labels") + 1, labels.toString());
        return arguments.toArray(String[]::new);
    }

    /** Checks that a launch failed with exit code 1 and one error line, and returns that line. */
    private static String singleError(LaunchResult result) {
        assertEquals(1, result.exitCode(), result::getErrorOutput);
        List<String> errors = CliFixtures.linesContaining(result, ": error: ");
        assertEquals(1, errors.size(), "error lines: " + errors);
        String error = errors.get(0);
        assertTrue(error.startsWith("linprobe run: error: "), error);
        assertNoStackTrace(result);
        return error;
    }

    private static void assertNoStackTrace(LaunchResult result) {
        String all = result.getOutput() + "\n" + result.getErrorOutput();
        assertFalse(all.contains("\tat "), all);
        assertFalse(all.contains("Exception"), all);
    }
}
