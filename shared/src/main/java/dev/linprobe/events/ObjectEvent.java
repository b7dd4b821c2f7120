package dev.linprobe.events;

/**
 * One object named by an S3 event notification record.
 *
 * @param bucket the bucket name
 * @param key the object key, URL-decoded ({@code +} and {@code %20} become spaces, {@code %2B} a plus)
 * @param size the object size in bytes, or -1 when the record has none
 * @param eTag the entity tag without quotes, or null
 * @param eventName such as {@code ObjectCreated:Put}
 * @param messageId the SQS message that carried the record, or null for a direct notification
 */
public record ObjectEvent(String bucket, String key, long size, String eTag, String eventName, String messageId) {

    /** Returns whether the record reports a created object. */
    public boolean isCreated() {
        return eventName != null && eventName.startsWith("ObjectCreated:");
    }

    /** Returns {@code s3://bucket/key}. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
