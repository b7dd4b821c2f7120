package dev.linprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code linprobe s3-server} errors that end the command before it serves. The serving path, which
 * runs until a signal, is covered by {@code infra/local/run.sh} and the e2e module.
 */
@QuarkusMainTest
class S3ServerCommandTest {

    @TempDir
    Path folder;

    @Test
    void s3Server_portInUse_exitsOne(QuarkusMainLauncher launcher) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            LaunchResult result = launcher.launch("s3-server", "--port", String.valueOf(port),
                    "--data", folder.resolve("s3").toString());

            assertEquals(1, result.exitCode(), result::getErrorOutput);
            assertEquals(1, result.getErrorStream().size(), result::getErrorOutput);
            String line = result.getErrorStream().get(0);
            assertTrue(line.startsWith("linprobe s3-server: error: port " + port + " on 127.0.0.1 is already in use"), line);
            assertTrue(line.contains("--port"), line);
        }
    }

    @Test
    void s3Server_portOutOfRange_exitsOne(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("s3-server", "--port", "70000", "--data", folder.resolve("s3").toString());

        assertEquals(1, result.exitCode(), result::getErrorOutput);
        String line = result.getErrorStream().get(0);
        assertTrue(line.contains("--port must be between 0 and 65535, found 70000"), line);
    }

    @Test
    void s3Server_help_listsOptions(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("s3-server", "--help");

        assertEquals(0, result.exitCode(), result::getErrorOutput);
        String help = result.getOutput();
        assertTrue(help.startsWith("Usage: linprobe s3-server"), help);
        for (String option : new String[] {"--port", "--data", "--access-key", "--secret-key", "--bucket"}) {
            assertTrue(help.contains(option), "s3-server --help lacks " + option);
        }
    }
}
