package dev.linprobe.demo;

/**
 * Fashion-MNIST files that could not be found or downloaded. The message names the folder or URL
 * and how to provide the files.
 */
public class FashionMnistUnavailableException extends RuntimeException {

    /** Creates the exception with its full message and the underlying error, or {@code null}. */
    public FashionMnistUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception without an underlying cause. */
    public FashionMnistUnavailableException(String message) {
        this(message, null);
    }
}
