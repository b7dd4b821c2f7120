package dev.linprobe.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.linprobe.demo.DemoDataset;
import dev.linprobe.demo.DemoFiles;
import dev.linprobe.demo.FashionMnist;
import io.quarkus.test.junit.main.LaunchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Real inputs of the CLI tests: the pretrained model folder and Fashion-MNIST.
 *
 * <p>A missing input fails the test when the environment variable {@code CI} is {@code true}, and
 * skips it otherwise, so a fresh checkout still builds before the data is in place.
 */
final class CliFixtures {
    private CliFixtures() {}

    /** Name of the default catalog model, which the tests read from {@link #modelCache()}. */
    static final String DEFAULT_MODEL = "mobilenetv2-12-int8";

    /**
     * Returns the model cache folder: the system property {@code linprobe.test.models}, else the folder
     * {@code shared/models} beside the repository root that surefire passes in {@code linprobe.repo.root}.
     */
    static Path modelCache() {
        String override = System.getProperty("linprobe.test.models");
        Path folder = override != null ? Path.of(override) : repositoryRoot().resolve("../shared/models").normalize();
        require(folder.resolve(DEFAULT_MODEL + ".onnx"),
                "place " + DEFAULT_MODEL + ".onnx there or set -Dlinprobe.test.models=DIR");
        return folder;
    }

    /** Returns the Fashion-MNIST folder of the Debian package {@code dataset-fashion-mnist}. */
    static Path fashionMnist() {
        for (String name : FashionMnist.fileNames()) {
            require(FashionMnist.SYSTEM_FOLDER.resolve(name), "install the Debian package " + FashionMnist.DEBIAN_PACKAGE);
        }
        return FashionMnist.SYSTEM_FOLDER;
    }

    /** Writes a Fashion-MNIST sample as PNG files with a labels file into {@code folder}. */
    static DemoFiles writeDataset(Path folder, int trainCount, int predictCount, long seed) {
        return new DemoDataset(fashionMnist()).build(folder, trainCount, predictCount, seed);
    }

    /** Returns the arguments of {@code run} on a data set, with the test model cache and {@code output}. */
    static List<String> runArguments(DemoFiles data, Path predictFolder, Path output) {
        return new ArrayList<>(List.of("run",
                "--train-images", data.trainFolder().toString(),
                "--labels", data.labelsCsv().toString(),
                "--predict-images", predictFolder.toString(),
                "--output", output.toString(),
                "--model-cache", modelCache().toString()));
    }

    /** Returns the lines of a launch's standard output and standard error that contain {@code text}. */
    static List<String> linesContaining(LaunchResult result, String text) {
        List<String> lines = new ArrayList<>();
        for (String line : result.getOutputStream()) {
            if (line.contains(text)) {
                lines.add(line);
            }
        }
        for (String line : result.getErrorStream()) {
            if (line.contains(text)) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static Path repositoryRoot() {
        String root = System.getProperty("linprobe.repo.root");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent().getParent();
    }

    private static void require(Path file, String hint) {
        if (Files.isRegularFile(file)) {
            return;
        }
        String message = "test input " + file + " is missing: " + hint;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
