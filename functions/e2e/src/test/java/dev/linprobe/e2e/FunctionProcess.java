package dev.linprobe.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One packaged function running as its own JVM on a free port of 127.0.0.1, with its output in a
 * log file.
 */
final class FunctionProcess implements AutoCloseable {

    /** The line Quarkus logs once the HTTP server listens, with the port it bound. */
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;
    private int port;

    private FunctionProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code jar} with the current JVM's {@code java}, the inherited environment plus
     * {@code environment}, and HTTP on a port that the operating system picks.
     */
    static FunctionProcess start(String name, Path jar, Map<String, String> environment, Path logFolder) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = logFolder.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-jar",
                jar.toString());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Files.createDirectories(logFolder);
            return new FunctionProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + name + " from " + jar + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the log shows the HTTP port.
     *
     * @throws IllegalStateException when the process exits first or the timeout passes
     */
    void awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher matcher = LISTENING.matcher(readLog());
            if (matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " during startup:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log its HTTP port within " + timeout + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** Returns the last 20 lines of the log, for failure messages. */
    String tail() {
        List<String> lines = new ArrayList<>(readLog().lines().toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends SIGTERM, then SIGKILL when the process has not ended within 10 seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
