package dev.linprobe.cli;

import dev.linprobe.storage.EmbeddedS3Server;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.storage.StorageException;
import dev.linprobe.storage.StorageSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code linprobe s3-server}: runs the embedded S3 server in the foreground, so that the functions
 * started as separate processes and S3 clients such as the AWS CLI share one bucket.
 */
@Command(
        name = "s3-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs an S3-compatible server (S3Proxy with a filesystem backend) on 127.0.0.1 until Ctrl-C or SIGTERM.",
            "Creates the bucket, then prints the endpoint and the environment variables that point clients at it."
        })
public class S3ServerCommand implements Callable<Integer> {

    /** Access key when none is given; the functions' embedded server uses the same development keys. */
    static final String DEV_ACCESS_KEY = "linprobe-dev";

    /** Secret key when none is given. It protects nothing but a loopback development server. */
    static final String DEV_SECRET_KEY = "linprobe-dev-secret";

    @Option(names = "--port", paramLabel = "N", defaultValue = "9000",
            description = "TCP port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Folder that stores the buckets, one subfolder each; objects stay there after the server stops.")
    Path data;

    @Option(names = "--access-key", paramLabel = "KEY", defaultValue = DEV_ACCESS_KEY,
            description = "Access key that clients sign requests with (default: ${DEFAULT-VALUE}).")
    String accessKey;

    @Option(names = "--secret-key", paramLabel = "KEY", defaultValue = DEV_SECRET_KEY,
            description = "Secret key that clients sign requests with (default: ${DEFAULT-VALUE}).")
    String secretKey;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "linprobe",
            description = "Bucket to create when it is missing (default: ${DEFAULT-VALUE}).")
    String bucket;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, found " + port);
        }
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new IllegalArgumentException("--access-key and --secret-key must not be blank");
        }
        checkPortFree(port);

        EmbeddedS3Server server = startServer();
        try (ObjectStore store = server.openStore()) {
            store.createBucketIfMissing(bucket);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        printUsage(System.out, server);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("Stopped the S3 server at " + server.endpoint());
            System.out.flush();
            stopped.countDown();
        }, "s3-server-shutdown"));
        stopped.await();
        return 0;
    }

    /** Rejects a port that another process listens on, so the error names the port instead of a Jetty exception. */
    private static void checkPortFree(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw portTaken(port);
        } catch (IOException e) {
            throw new IllegalStateException("failed to check port " + port + " on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private EmbeddedS3Server startServer() {
        try {
            return EmbeddedS3Server.start(data, port, accessKey, secretKey);
        } catch (StorageException e) {
            // Another process may take the port between the check and the start.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw portTaken(port);
                }
            }
            throw e;
        }
    }

    private static IllegalArgumentException portTaken(int port) {
        return new IllegalArgumentException("port " + port + " on 127.0.0.1 is already in use: stop the process that "
                + "listens there or choose another port with --port");
    }

    /** Prints the endpoint and the variables that the AWS CLI, the AWS SDKs and the functions read. */
    private void printUsage(PrintStream out, EmbeddedS3Server server) {
        String endpoint = server.endpoint().toString();
        String region = StorageSettings.DEFAULT_REGION;
        out.println("S3 server listening at " + endpoint + " with bucket " + bucket + "; objects are stored in "
                + server.dataDir());
        out.println("Point the AWS CLI and SDKs at it (AWS CLI releases that ignore AWS_ENDPOINT_URL need --endpoint-url "
                + endpoint + "):");
        out.println("  export AWS_ENDPOINT_URL=" + endpoint);
        out.println("  export AWS_ACCESS_KEY_ID=" + accessKey);
        out.println("  export AWS_SECRET_ACCESS_KEY=" + secretKey);
        out.println("  export AWS_REGION=" + region);
        out.println("  export AWS_EC2_METADATA_DISABLED=true");
        out.println("Point the linprobe functions at it:");
        out.println("  export LINPROBE_S3_ENDPOINT=" + endpoint);
        out.println("  export LINPROBE_S3_ACCESS_KEY=" + accessKey);
        out.println("  export LINPROBE_S3_SECRET_KEY=" + secretKey);
        out.println("  export LINPROBE_S3_REGION=" + region);
        out.println("  export LINPROBE_BUCKET=" + bucket);
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
