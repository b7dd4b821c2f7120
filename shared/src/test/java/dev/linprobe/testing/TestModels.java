package dev.linprobe.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.linprobe.catalog.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The folder of pretrained models that tests use as the model cache: {@code ../shared/models} next to
 * the repository, or the folder named by the system property {@code linprobe.test.models}.
 */
public final class TestModels {
    private TestModels() {}

    /** Returns the repository root, as the build passes it in {@code linprobe.repo.root}. */
    public static Path repositoryRoot() {
        String root = System.getProperty("linprobe.repo.root");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }

    /** Returns the model cache for tests; fails under CI and skips elsewhere when the folder is missing. */
    public static ModelCache cache() {
        String override = System.getProperty("linprobe.test.models");
        Path folder = override != null ? Path.of(override) : repositoryRoot().resolve("../shared/models").normalize();
        if (!Files.isRegularFile(folder.resolve("mobilenetv2-12-int8.onnx"))) {
            String message = "pretrained test models not found in " + folder
                    + ": place mobilenetv2-12-int8.onnx there or set -Dlinprobe.test.models=DIR";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return new ModelCache(folder);
    }
}
