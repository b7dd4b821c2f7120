package dev.linprobe.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jboss.logging.Logger;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

/**
 * S3-compatible server for local runs and tests: S3Proxy 2.6.0 on the jclouds {@code filesystem}
 * provider, listening on a free port of 127.0.0.1.
 *
 * <p>Each bucket is a folder of the data folder and each object a file under it, so the data
 * survives a restart when the caller passes the same folder. The server checks AWS signature V2 or
 * V4 against an access key and secret key generated at random for each start, which {@link
 * #settings()} hands to clients.
 *
 * <p>Key limits of the filesystem provider (S3Proxy 2.6.0, jclouds 2.7.0) on Linux, which real S3
 * does not have. {@code EmbeddedS3ServerTest} and {@code S3ObjectStoreTest} check each of them.
 *
 * <ul>
 *   <li>Spaces, {@code +}, {@code %}, {@code ?}, {@code #}, backslashes, accented letters in NFC or
 *       NFD form, emoji and nested prefixes round-trip unchanged through put, list and get.
 *   <li>A key cannot also be the prefix folder of another key, because one path cannot be both a
 *       file and a folder. After {@code a/b} exists, a put of {@code a} fails with HTTP 500, and the
 *       reverse order fails too.
 *   <li>A key with a leading or trailing {@code /}, or with a {@code ..} segment, is rejected with
 *       HTTP 400.
 *   <li>Empty and {@code .} segments are dropped from the stored path, so {@code a//b} and
 *       {@code a/./b} are stored, and listed, as {@code a/b}.
 *   <li>The last {@code /}-separated segment can be at most 218 bytes of UTF-8 and the other
 *       segments at most 255 bytes, on a file system with 255-byte names such as ext4. The provider
 *       first writes a temporary file named after the last segment plus a 37-character suffix.
 *   <li>A raw ListObjectsV2 response contains each folder below the prefix as a placeholder key
 *       ending in {@code /} with size 4096, which {@link S3ObjectStore#list} leaves out. A delete
 *       removes folders that it leaves empty.
 * </ul>
 *
 * <p>The class needs the optional {@code org.gaul:s3proxy} dependency at run time.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    private static final Logger log = Logger.getLogger(EmbeddedS3Server.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final long START_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(10);
    private static final char[] ACCESS_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] SECRET_KEY_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Loggers of the embedded libraries, kept as strong references because {@code java.util.logging}
     * drops the level of a logger once it is garbage-collected.
     */
    private static final List<java.util.logging.Logger> QUIETED_LOGGERS = new ArrayList<>();

    private final Path dataDir;
    private final BlobStoreContext blobStoreContext;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final StorageSettings settings;
    private boolean closed;

    private EmbeddedS3Server(Path dataDir, BlobStoreContext blobStoreContext, S3Proxy proxy, URI endpoint,
            StorageSettings settings) {
        this.dataDir = dataDir;
        this.blobStoreContext = blobStoreContext;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.settings = settings;
    }

    /**
     * Starts a server that stores its buckets under {@code dataDir}, creating the folder if needed,
     * and waits until it accepts connections.
     *
     * @param dataDir folder for the buckets: a temporary folder, or a persistent one such as
     *     {@code .linprobe/s3} to keep objects across runs
     * @throws StorageException when the folder cannot be created or the server fails to start
     */
    public static EmbeddedS3Server start(Path dataDir) {
        return start(dataDir, 0, null, null);
    }

    /**
     * Starts a server as {@link #start(Path)} does, on a given port and with given credentials, so
     * that other processes (an S3 client, functions started separately) can reach it.
     *
     * @param port the loopback port, or 0 for a free one
     * @param accessKey the access key clients sign with, or null for a random one
     * @param secretKey the secret key, or null for a random one; set both keys or neither
     */
    public static EmbeddedS3Server start(Path dataDir, int port, String accessKey, String secretKey) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, found " + port);
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("set both the access key and the secret key of the embedded S3 server, or neither");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("missing data folder: pass the folder the S3 server stores buckets in");
        }
        quietLibraryLogging();
        long startNanos = System.nanoTime();

        Path absoluteDir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absoluteDir);
        } catch (IOException e) {
            throw new StorageException("failed to create the S3 data folder " + absoluteDir
                    + ". Check that the parent folder exists and is writable", e);
        }

        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, absoluteDir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .overrides(overrides)
                .modules(List.of(new SLF4JLoggingModule()))
                .buildView(BlobStoreContext.class);

        String access = accessKey != null ? accessKey : randomString(ACCESS_KEY_ALPHABET, 20);
        String secret = secretKey != null ? secretKey : randomString(SECRET_KEY_ALPHABET, 40);
        S3Proxy proxy = null;
        try {
            proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    // Port 0 lets the operating system pick a free port, read back after start.
                    .endpoint(URI.create("http://" + LOOPBACK + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, access, secret)
                    .build();
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            if (proxy != null) {
                stopQuietly(proxy);
            }
            context.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StorageException("failed to start the embedded S3 server on " + LOOPBACK
                    + " with data folder " + absoluteDir + ": " + e.getMessage(), e);
        }

        URI endpoint = URI.create("http://" + LOOPBACK + ":" + proxy.getPort());
        StorageSettings settings = StorageSettings.forEndpoint(endpoint, access, secret);
        log.infof("Started embedded S3 server at %s with data folder %s in %d ms",
                endpoint, absoluteDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return new EmbeddedS3Server(absoluteDir, context, proxy, endpoint, settings);
    }

    /** Returns the server's base URI, such as {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Returns client settings for this server: its endpoint, its keys, path-style access and us-east-1. */
    public StorageSettings settings() {
        return settings;
    }

    /** Returns the absolute data folder, which contains one subfolder for each bucket. */
    public Path dataDir() {
        return dataDir;
    }

    /** Opens an {@link S3ObjectStore} client on this server, which the caller closes. */
    public S3ObjectStore openStore() {
        return new S3ObjectStore(settings);
    }

    /** Stops the server and releases the blob store, but keeps the data folder and its objects. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(proxy);
        blobStoreContext.close();
        log.infof("Stopped embedded S3 server at %s", endpoint);
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        // S3Proxy's own JUnit helper also polls getState() after start(), so this waits the same way,
        // with a deadline.
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the server did not start within " + START_TIMEOUT_MILLIS
                        + " ms, its state is " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warnf(e, "Failed to stop the embedded S3 server cleanly");
        }
    }

    /**
     * Sets the Jetty, jclouds and S3Proxy loggers to WARNING (S3Proxy's jar shades Jetty under
     * {@code org.gaul.shaded}) unless logging configuration already gave them a level, because their
     * INFO output on every start is noise for a local tool.
     */
    private static synchronized void quietLibraryLogging() {
        if (!QUIETED_LOGGERS.isEmpty()) {
            return;
        }
        for (String name : List.of("org.gaul", "org.eclipse.jetty", "org.jclouds", "jclouds")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
            QUIETED_LOGGERS.add(logger);
        }
    }

    private static String randomString(char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
