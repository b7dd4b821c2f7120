package dev.linprobe.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import dev.linprobe.demo.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Inputs of the end-to-end tests: the packaged functions, the pretrained model folder and
 * Fashion-MNIST.
 *
 * <p>A missing input fails the test when the environment variable {@code CI} is {@code true}, and
 * skips it otherwise, as the other modules' tests do.
 */
final class E2eInputs {
    private E2eInputs() {}

    /** Catalog model that the functions extract features with by default. */
    static final String DEFAULT_MODEL = "mobilenetv2-12-int8";

    /**
     * Returns the packaged function {@code name}: {@code functions/NAME/target/quarkus-app/quarkus-run.jar},
     * which the reactor builds before this module.
     */
    static Path functionJar(String name) {
        String folder = System.getProperty("linprobe.e2e.functions");
        Path functions = folder != null ? Path.of(folder) : Path.of("").toAbsolutePath().getParent();
        Path jar = functions.resolve(name).resolve("target/quarkus-app/quarkus-run.jar").normalize();
        require(jar, "build it with ./mvnw -B verify, or ./mvnw -B package -DskipTests -pl functions/" + name + " -am");
        return jar;
    }

    /**
     * Returns the model cache folder: the system property {@code linprobe.test.models}, else the folder
     * {@code shared/models} beside the repository root.
     */
    static Path modelCache() {
        String override = System.getProperty("linprobe.test.models");
        Path folder = override != null ? Path.of(override) : repositoryRoot().resolve("../shared/models");
        folder = folder.toAbsolutePath().normalize();
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
