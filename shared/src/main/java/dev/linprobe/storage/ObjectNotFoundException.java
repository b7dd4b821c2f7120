package dev.linprobe.storage;

/** The bucket or the object key does not exist. */
public class ObjectNotFoundException extends StorageException {
    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
