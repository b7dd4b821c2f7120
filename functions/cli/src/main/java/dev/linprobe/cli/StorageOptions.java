package dev.linprobe.cli;

import dev.linprobe.storage.EmbeddedS3Server;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.storage.S3ObjectStore;
import dev.linprobe.storage.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Options that choose the object storage: an embedded S3 server by default, or a real S3 endpoint. */
public class StorageOptions {

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "Use this S3-compatible endpoint instead of the embedded server (default: $LINPROBE_S3_ENDPOINT). "
                    + "Credentials and region come from the AWS SDK's default chain.")
    URI endpoint;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "linprobe",
            description = "Bucket for images, features and results (default: ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--s3-data", paramLabel = "DIR",
            description = "Folder that keeps the embedded S3 server's objects after the run (default: a temporary folder, deleted at the end).")
    Path data;

    /** An open store, and whatever must be closed with it. */
    static final class Opened implements AutoCloseable {
        final ObjectStore store;
        final String description;
        private final EmbeddedS3Server server;
        private final Path temporary;

        Opened(ObjectStore store, String description, EmbeddedS3Server server, Path temporary) {
            this.store = store;
            this.description = description;
            this.server = server;
            this.temporary = temporary;
        }

        @Override
        public void close() {
            store.close();
            if (server != null) {
                server.close();
            }
            if (temporary != null) {
                deleteTree(temporary);
            }
        }
    }

    /** Opens the store these options choose. */
    Opened open() {
        StorageSettings environment = StorageSettings.fromEnvironment();
        if (endpoint != null || environment.endpoint() != null) {
            StorageSettings settings = endpoint == null ? environment
                    : new StorageSettings(endpoint, environment.region(), true, null, null);
            return new Opened(new S3ObjectStore(settings), settings.endpoint().toString(), null, null);
        }
        try {
            Path temporary = data == null ? Files.createTempDirectory("linprobe-s3-") : null;
            EmbeddedS3Server server = EmbeddedS3Server.start(data != null ? data : temporary);
            return new Opened(server.openStore(), "embedded S3 server at " + server.endpoint(), server, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create a folder for the embedded S3 server", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("linprobe: warning: could not delete the temporary folder " + root + ": " + e.getMessage());
        }
    }
}
