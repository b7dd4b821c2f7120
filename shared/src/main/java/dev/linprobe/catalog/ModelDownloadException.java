package dev.linprobe.catalog;

/** A catalog model could not be downloaded or failed its checksum. */
public class ModelDownloadException extends RuntimeException {
    public ModelDownloadException(String message) {
        super(message);
    }

    public ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
