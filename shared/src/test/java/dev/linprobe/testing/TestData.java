package dev.linprobe.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real images that {@code infra/fetch-test-images.sh} unpacks into
 * {@code .linprobe/test-data} at the repository root.
 *
 * <p>A missing file fails the test when the environment variable {@code CI} is {@code true}, and
 * skips it otherwise, so a fresh checkout still builds before the images are fetched.
 */
public final class TestData {

    private static final String FETCH_HINT = "run `bash infra/fetch-test-images.sh` from the repository root";

    private TestData() {
    }

    /** Returns the test-data folder, from the {@code linprobe.repo.root} system property that surefire sets. */
    public static Path root() {
        String repoRoot = System.getProperty("linprobe.repo.root");
        if (repoRoot == null || repoRoot.isBlank()) {
            fail("system property linprobe.repo.root is not set: run the tests through Maven, which sets it");
        }
        return Path.of(repoRoot, ".linprobe", "test-data");
    }

    /**
     * Resolves {@code relative} (such as {@code skimage/coffee.png}) in the test-data folder and
     * returns it, or fails (on CI) or skips the calling test when the file is missing.
     */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        if (!Files.isRegularFile(path)) {
            String message = "test image " + path + " is missing: " + FETCH_HINT;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return path;
    }
}
