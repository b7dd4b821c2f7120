package dev.linprobe.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Object storage as the pipeline uses it: buckets of keyed byte objects.
 *
 * <p>Keys are plain (already URL-decoded) object keys. Listing never returns folder placeholder keys
 * ending in {@code /}. Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Writes an object, replacing any object with the same key.
     *
     * @throws StorageException when the write fails
     */
    void put(String bucket, String key, byte[] data, String contentType);

    /**
     * Uploads a local file as an object, replacing any object with the same key.
     *
     * @throws StorageException when the file can't be read or the write fails
     */
    void putFile(String bucket, String key, Path file, String contentType);

    /**
     * Reads a whole object.
     *
     * @throws ObjectNotFoundException when the bucket or the key does not exist
     * @throws StorageException when the read fails for another reason
     */
    byte[] get(String bucket, String key);

    /** Reads a whole object, or returns empty when the bucket or the key does not exist. */
    Optional<byte[]> find(String bucket, String key);

    /** Returns whether the object exists. */
    boolean exists(String bucket, String key);

    /**
     * Lists the objects whose keys start with {@code prefix}, sorted by key, without folder
     * placeholders.
     *
     * @throws ObjectNotFoundException when the bucket does not exist
     */
    List<ObjectInfo> list(String bucket, String prefix);

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String bucket, String key);

    /** Creates the bucket unless it exists already. */
    void createBucketIfMissing(String bucket);

    @Override
    void close();
}
