package dev.linprobe.events;

/**
 * One message of an SQS batch.
 *
 * @param messageId the id that a partial batch failure names
 * @param body the message body, usually an S3 notification as JSON text
 */
public record SqsMessage(String messageId, String body) {}
