package dev.linprobe.function;

import dev.linprobe.storage.EmbeddedS3Server;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.storage.S3ObjectStore;
import dev.linprobe.storage.StorageSettings;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Provides the object store: the configured S3 endpoint, else an embedded S3 server when enabled
 * (dev mode and tests), else AWS S3 with the SDK's default region and credentials.
 */
@ApplicationScoped
public class StorageBeans {

    private static final Logger log = Logger.getLogger(StorageBeans.class);

    private EmbeddedS3Server server;

    @Produces
    @Singleton
    @Startup
    ObjectStore objectStore(LinprobeConfig config) {
        LinprobeConfig.S3 s3 = config.s3();
        if (s3.endpoint().isPresent()) {
            StorageSettings settings = new StorageSettings(URI.create(s3.endpoint().get()), s3.region().orElse(null),
                    s3.pathStyle().orElse(true), s3.accessKey().orElse(null), s3.secretKey().orElse(null));
            log.infov("Using S3 endpoint {0}", settings);
            return new S3ObjectStore(settings);
        }
        if (s3.embedded().enabled()) {
            LinprobeConfig.Embedded embedded = s3.embedded();
            server = EmbeddedS3Server.start(Path.of(embedded.dataDir()), embedded.port(), embedded.accessKey(),
                    embedded.secretKey());
            log.infov("Started the embedded S3 server at {0} (access key {1}); objects are kept in {2}", server.endpoint(),
                    embedded.accessKey(), server.dataDir());
            ObjectStore store = server.openStore();
            store.createBucketIfMissing(config.bucket());
            return store;
        }
        StorageSettings settings = new StorageSettings(null, s3.region().orElse(null), s3.pathStyle().orElse(false), null, null);
        log.infov("Using AWS S3 ({0})", settings);
        return new S3ObjectStore(settings);
    }

    void close(@Disposes ObjectStore store) {
        store.close();
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
