package dev.linprobe.events;

/** The kinds of event a function can receive. */
public enum EventKind {
    /** An S3 event notification: {@code {"Records":[{"eventSource":"aws:s3", "s3":{...}}]}}. */
    S3_NOTIFICATION,
    /** The {@code s3:TestEvent} that S3 sends when a notification is configured. */
    S3_TEST_EVENT,
    /** An SQS batch: {@code {"Records":[{"eventSource":"aws:sqs", "messageId":..., "body":...}]}}. */
    SQS,
    /** An EventBridge scheduled event: {@code {"source":"aws.events", "detail-type":"Scheduled Event"}}. */
    SCHEDULED,
    /** A CloudEvent in structured mode: {@code {"specversion":..., "type":..., "data":...}}. */
    CLOUDEVENT,
    /** Anything else: a direct call whose fields the function reads itself. */
    DIRECT
}
