package dev.linprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.demo.DemoFiles;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device cuda} with the default ONNX Runtime artifact, which has no CUDA execution provider:
 * the run falls back to the CPU with one warning.
 *
 * <p>NOTE: FeatureExtractor warns once per loaded class, and each launch of a
 * {@code @QuarkusMainTest} loads the application in a new class loader, so each launch here logs
 * the warning again. A build with {@code -Pgpu} on a machine with CUDA would not fall back and fails this test.
 */
@QuarkusMainTest
class CudaFallbackTest {

    @Test
    void run_cudaUnavailable_warnsOnceAndUsesCpu(QuarkusMainLauncher launcher, @TempDir Path folder) throws IOException {
        DemoFiles data = CliFixtures.writeDataset(folder.resolve("data"), 30, 6, 23);
        Path output = folder.resolve("out");
        List<String> arguments = CliFixtures.runArguments(data, data.predictFolder(), output);
        arguments.addAll(List.of("--device", "cuda", "--epochs", "5"));

        LaunchResult result = launcher.launch(arguments.toArray(String[]::new));

        assertEquals(0, result.exitCode(), result::getErrorOutput);
        List<String> warnings = CliFixtures.linesContaining(result, "CUDA");
        assertEquals(1, warnings.size(), "CUDA lines: " + warnings);
        assertTrue(warnings.get(0).startsWith("WARN"), warnings.get(0));
        assertTrue(warnings.get(0).contains("running the feature extractor on the CPU"), warnings.get(0));

        List<String> modelLines = CliFixtures.linesContaining(result, "Model: ");
        assertEquals(1, modelLines.size(), "Model lines: " + modelLines);
        assertTrue(modelLines.get(0).endsWith(", cpu)"), modelLines.get(0));

        assertEquals(1 + data.predictCount(), Files.readAllLines(output.resolve("predictions.csv")).size());
    }
}
