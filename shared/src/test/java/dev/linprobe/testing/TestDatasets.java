package dev.linprobe.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.linprobe.demo.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Real data sets that tests read from Debian packages. */
public final class TestDatasets {
    private TestDatasets() {}

    /**
     * Returns the Fashion-MNIST folder that the Debian package installs. When a file is missing,
     * fails the test if {@code CI} is {@code true} and skips it otherwise.
     */
    public static Path fashionMnist() {
        Path folder = FashionMnist.SYSTEM_FOLDER;
        for (String name : FashionMnist.fileNames()) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                String message = "Fashion-MNIST file " + folder.resolve(name) + " is missing: install the Debian package "
                        + FashionMnist.DEBIAN_PACKAGE + " (apt-get install " + FashionMnist.DEBIAN_PACKAGE + ")";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message);
                }
                Assumptions.abort(message);
            }
        }
        return folder;
    }
}
