package dev.linprobe.pipeline;

/**
 * An input that could not be processed.
 *
 * @param key the object key (decoded)
 * @param reason what went wrong and what to do
 * @param retryable whether trying again may succeed, as after a storage time-out. A damaged image,
 *     a missing object or a duplicate id fails the same way every time.
 */
public record Failure(String key, String reason, boolean retryable) {

    /** Creates a failure that trying again would not fix. */
    public static Failure permanent(String key, String reason) {
        return new Failure(key, reason, false);
    }
}
