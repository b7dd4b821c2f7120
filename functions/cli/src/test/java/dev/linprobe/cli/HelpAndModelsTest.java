package dev.linprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.catalog.CatalogEntry;
import dev.linprobe.catalog.ModelCatalog;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code linprobe models} and the help of each command. */
@QuarkusMainTest
class HelpAndModelsTest {

    @Test
    void models_testCache_marksDefaultAndCached(QuarkusMainLauncher launcher) {
        Path cache = CliFixtures.modelCache();

        LaunchResult result = launcher.launch("models", "--model-cache", cache.toString());

        assertEquals(0, result.exitCode(), result::getErrorOutput);
        List<String> lines = result.getOutputStream();
        assertEquals("Model cache: " + cache, lines.get(0));

        String defaultLine = entryLine(lines, CliFixtures.DEFAULT_MODEL);
        assertTrue(defaultLine.contains("1280 features"), defaultLine);
        assertTrue(defaultLine.contains("(default)"), defaultLine);
        assertTrue(defaultLine.contains("[cached]"), defaultLine);

        for (String resnet : List.of("resnet50-v1-7", "resnet50-v2-7")) {
            String line = entryLine(lines, resnet);
            assertTrue(line.contains("2048 features"), line);
        }

        List<CatalogEntry> entries = ModelCatalog.load().entries();
        for (CatalogEntry entry : entries) {
            String line = entryLine(lines, entry.name());
            boolean cached = Files.isRegularFile(cache.resolve(entry.fileName()));
            assertEquals(cached, line.contains("[cached]"), line);
            assertEquals(!cached, line.contains("[downloads on first use]"), line);
            assertEquals(entry.name().equals(CliFixtures.DEFAULT_MODEL), line.contains("(default)"), line);
        }
    }

    @Test
    void help_eachCommand_listsOptions(QuarkusMainLauncher launcher) {
        Map<String, List<String>> optionsByCommand = new LinkedHashMap<>();
        optionsByCommand.put("run", List.of("--train-images", "--labels", "--predict-images", "--output", "--model",
                "--model-cache", "--device", "--optimizer", "--epochs", "--validation-fraction", "--probabilities",
                "--top-k", "--s3-endpoint"));
        optionsByCommand.put("demo", List.of("--output", "--train-count", "--predict-count", "--fashion-mnist",
                "--sample-seed", "--model", "--epochs", "--top-k"));
        optionsByCommand.put("models", List.of("--model-cache"));
        optionsByCommand.put("bench", List.of("--images", "--width", "--height", "--train-rows", "--model", "--device",
                "--compare-cpu", "--tolerance"));
        optionsByCommand.put("s3-server", List.of("--port", "--data", "--access-key", "--secret-key", "--bucket"));

        for (Map.Entry<String, List<String>> command : optionsByCommand.entrySet()) {
            LaunchResult result = launcher.launch(command.getKey(), "--help");

            assertEquals(0, result.exitCode(), command.getKey() + ": " + result.getErrorOutput());
            String help = result.getOutput();
            assertTrue(help.startsWith("Usage: linprobe " + command.getKey()), help);
            for (String option : command.getValue()) {
                assertTrue(help.contains(option), command.getKey() + " --help lacks " + option);
            }
        }
    }

    @Test
    void help_topLevel_listsSubcommands(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--help");

        assertEquals(0, result.exitCode(), result::getErrorOutput);
        for (String command : List.of("run", "demo", "models", "bench", "s3-server")) {
            assertTrue(result.getOutput().contains("  " + command + " "), "--help lacks " + command);
        }
    }

    /** Returns the first line of the listing that starts with the model name and a space. */
    private static String entryLine(List<String> lines, String name) {
        return lines.stream()
                .filter(line -> line.startsWith(name + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in " + lines));
    }
}
