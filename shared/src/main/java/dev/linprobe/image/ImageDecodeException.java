package dev.linprobe.image;

import java.io.IOException;

/** An image that could not be decoded; the message names the source and what to do about it. */
public class ImageDecodeException extends IOException {

    private final String source;

    /** Creates the exception for the image read from {@code source}, such as a file name or object key. */
    public ImageDecodeException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    /** Creates the exception for the image read from {@code source} without an underlying cause. */
    public ImageDecodeException(String source, String message) {
        this(source, message, null);
    }

    /** Returns the name of the image that failed, as the caller passed it to the decoder. */
    public String source() {
        return source;
    }
}
