package dev.linprobe.storage;

/** A storage operation failed; the message names the bucket and key. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
