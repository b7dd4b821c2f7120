package dev.linprobe.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * The folder where catalog models are kept once downloaded.
 *
 * <p>A file already there with the right checksum is used without any download. Downloads go to a
 * temporary file in the same folder and are moved into place only after their checksum matches,
 * so an interrupted download never leaves a damaged model behind. For entries without a published
 * checksum, the first download's checksum is written to {@code FILE.sha256} and checked from then on.
 */
public final class ModelCache {

    /** Environment variable that sets the cache folder when no folder is given explicitly. */
    public static final String ENVIRONMENT_VARIABLE = "LINPROBE_MODEL_CACHE";

    private static final Logger log = Logger.getLogger(ModelCache.class);

    private final Path folder;

    /** Creates a cache in the given folder; the folder is created when the first model is stored. */
    public ModelCache(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * Returns the cache folder chosen by an explicit option, else {@code LINPROBE_MODEL_CACHE}, else
     * {@code $XDG_CACHE_HOME/linprobe/models}, else {@code ~/.cache/linprobe/models}.
     */
    public static ModelCache locate(Path explicit) {
        if (explicit != null) {
            return new ModelCache(explicit);
        }
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new ModelCache(Path.of(fromEnvironment));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ModelCache(base.resolve("linprobe").resolve("models"));
    }

    /** Returns the cache folder. */
    public Path folder() {
        return folder;
    }

    /**
     * Returns the local path of a catalog model, downloading and verifying it first if needed.
     *
     * @throws ModelDownloadException when the download fails or the checksum does not match
     */
    public Path resolve(CatalogEntry entry) {
        Path target = folder.resolve(entry.fileName());
        String expected = expectedChecksum(entry, target);
        if (Files.isRegularFile(target)) {
            String actual = sha256(target);
            if (expected == null || expected.equals(actual)) {
                log.debugv("Using cached model {0} at {1}", entry.name(), target);
                return target;
            }
            log.warnv("Cached model {0} at {1} has checksum {2}, expected {3}; downloading it again",
                    entry.name(), target, actual, expected);
        }
        return download(entry, target, expected);
    }

    private String expectedChecksum(CatalogEntry entry, Path target) {
        if (entry.sha256() != null) {
            return entry.sha256();
        }
        Path recorded = checksumFile(target);
        try {
            return Files.isRegularFile(recorded) ? Files.readString(recorded, StandardCharsets.US_ASCII).trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the recorded checksum " + recorded, e);
        }
    }

    private static Path checksumFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".sha256");
    }

    private Path download(CatalogEntry entry, Path target, String expected) {
        log.infov("Downloading model {0} from {1} into {2}", entry.name(), entry.url(), folder);
        Path partial = null;
        try {
            Files.createDirectories(folder);
            partial = Files.createTempFile(folder, entry.fileName(), ".part");
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(entry.url()).timeout(Duration.ofMinutes(10)).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String actual;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ModelDownloadException(failure(entry, target, "the server returned HTTP " + response.statusCode()));
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = Files.newOutputStream(partial);
                        DigestInputStream in = new DigestInputStream(body, digest)) {
                    in.transferTo(out);
                }
                actual = HexFormat.of().formatHex(digest.digest());
            }
            if (expected != null && !expected.equals(actual)) {
                throw new ModelDownloadException(failure(entry, target,
                        "the downloaded file has checksum " + actual + ", expected " + expected));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (expected == null) {
                Files.writeString(checksumFile(target), actual + "\n", StandardCharsets.US_ASCII);
                log.infov("Model {0} has no published checksum; recorded sha256 {1} for later checks", entry.name(), actual);
            }
            return target;
        } catch (IOException e) {
            throw new ModelDownloadException(failure(entry, target, e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(failure(entry, target, "the download was interrupted"), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static String failure(CatalogEntry entry, Path target, String reason) {
        return "failed to download model " + entry.name() + " from " + entry.url() + ": " + reason
                + ". Download it by hand to " + target + ", point the model cache (--model-cache or "
                + ENVIRONMENT_VARIABLE + ") at a folder that has " + entry.fileName() + ", or pass --model PATH with a local .onnx file.";
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debugv(e, "Could not delete the partial download {0}", path);
        }
    }

    /** Computes the lowercase hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
