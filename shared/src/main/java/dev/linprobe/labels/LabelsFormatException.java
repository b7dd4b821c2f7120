package dev.linprobe.labels;

/**
 * Labels CSV that cannot be used. The message names the source, the line, the offending value and
 * how to fix the file.
 */
public class LabelsFormatException extends RuntimeException {

    private final String source;
    private final long line;

    /**
     * Creates the exception.
     *
     * @param source the name of the labels file, as the caller passed it to the parser
     * @param line the 1-based line number of the problem, or 0 when the problem has no single line
     * @param message the full message, starting with the source and line
     * @param cause the underlying parse error, or {@code null}
     */
    public LabelsFormatException(String source, long line, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
    }

    /** Creates the exception without an underlying cause. */
    public LabelsFormatException(String source, long line, String message) {
        this(source, line, message, null);
    }

    /** Returns the name of the labels file. */
    public String source() {
        return source;
    }

    /** Returns the 1-based line number of the problem, or 0 when it has no single line. */
    public long line() {
        return line;
    }
}
