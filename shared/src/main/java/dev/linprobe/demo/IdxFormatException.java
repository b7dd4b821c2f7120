package dev.linprobe.demo;

import java.nio.file.Path;

/** IDX file that cannot be read. The message names the file, what is wrong with it and how to fix it. */
public class IdxFormatException extends RuntimeException {

    private final Path file;

    /**
     * Creates the exception.
     *
     * @param file the IDX file that failed to read
     * @param message the full message, starting with the file
     * @param cause the underlying read error, or {@code null}
     */
    public IdxFormatException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** Creates the exception without an underlying cause. */
    public IdxFormatException(Path file, String message) {
        this(file, message, null);
    }

    /** Returns the IDX file that failed to read. */
    public Path file() {
        return file;
    }
}
