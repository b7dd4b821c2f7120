package dev.linprobe.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Recognises and parses events as AWS and Knative deliver them. */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    /** Tells which kind of event this is; anything unrecognised is a {@link EventKind#DIRECT} call. */
    public static EventKind kind(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new MalformedEventException("event must be a JSON object, found " + describe(event));
        }
        JsonNode records = event.get("Records");
        if (records != null && records.isArray()) {
            JsonNode first = records.size() > 0 ? records.get(0) : null;
            String source = first == null ? "" : first.path("eventSource").asText("");
            if (source.equals("aws:sqs")) {
                return EventKind.SQS;
            }
            return EventKind.S3_NOTIFICATION;
        }
        if ("s3:TestEvent".equals(event.path("Event").asText(null))) {
            return EventKind.S3_TEST_EVENT;
        }
        if ("aws.events".equals(event.path("source").asText(null))
                && "Scheduled Event".equals(event.path("detail-type").asText(null))) {
            return EventKind.SCHEDULED;
        }
        if (event.has("specversion") && event.has("type")) {
            return EventKind.CLOUDEVENT;
        }
        return EventKind.DIRECT;
    }

    /** Parses JSON text, as found in an SQS body or a marker object. */
    public static JsonNode parse(String json, String source) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new MalformedEventException(source + " is empty, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Returns the records of an S3 notification, keys decoded.
     *
     * @param messageId the SQS message that carried the notification, or null
     * @throws MalformedEventException naming the record and field that is missing
     */
    public static List<ObjectEvent> s3Records(JsonNode notification, String messageId) {
        JsonNode records = notification.path("Records");
        if (!records.isArray()) {
            throw new MalformedEventException("S3 notification has no Records array");
        }
        List<ObjectEvent> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            JsonNode s3 = record.path("s3");
            String bucket = s3.path("bucket").path("name").asText(null);
            String rawKey = s3.path("object").path("key").asText(null);
            if (bucket == null || bucket.isEmpty() || rawKey == null || rawKey.isEmpty()) {
                throw new MalformedEventException("S3 notification record " + i + " lacks s3.bucket.name or s3.object.key");
            }
            String eTag = s3.path("object").path("eTag").asText(null);
            out.add(new ObjectEvent(bucket, decodeKey(rawKey), s3.path("object").path("size").asLong(-1),
                    eTag == null ? null : eTag.replace("\"", ""), record.path("eventName").asText(""), messageId));
        }
        return out;
    }

    /**
     * Decodes an object key as S3 notifications encode it: URL-encoded, with {@code +} for a space.
     *
     * @throws MalformedEventException when the key has an invalid escape such as {@code %G1}
     */
    public static String decodeKey(String rawKey) {
        try {
            return URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("object key '" + rawKey + "' is not URL-encoded correctly: " + e.getMessage(), e);
        }
    }

    /** Returns the messages of an SQS batch. */
    public static List<SqsMessage> sqsMessages(JsonNode batch) {
        List<SqsMessage> out = new ArrayList<>();
        JsonNode records = batch.path("Records");
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String id = record.path("messageId").asText(null);
            if (id == null || id.isEmpty()) {
                throw new MalformedEventException("SQS record " + i + " has no messageId");
            }
            out.add(new SqsMessage(id, record.path("body").asText("")));
        }
        return out;
    }

    /**
     * Returns the data of a structured CloudEvent as JSON: an object as it is, a string parsed as JSON.
     *
     * @throws MalformedEventException when the event has no data
     */
    public static JsonNode cloudEventData(JsonNode event) {
        JsonNode data = event.get("data");
        if (data == null || data.isNull()) {
            if (event.has("data_base64")) {
                byte[] bytes;
                try {
                    bytes = java.util.Base64.getDecoder().decode(event.get("data_base64").asText());
                } catch (IllegalArgumentException e) {
                    throw new MalformedEventException("CloudEvent " + event.path("id").asText("?")
                            + " has invalid data_base64, expected standard Base64: " + e.getMessage(), e);
                }
                return parse(new String(bytes, StandardCharsets.UTF_8), "CloudEvent data_base64");
            }
            throw new MalformedEventException("CloudEvent " + event.path("id").asText("?") + " has no data");
        }
        return data.isTextual() ? parse(data.asText(), "CloudEvent data") : data;
    }

    /** Lists an object's field names, for error messages about unrecognised events. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        if (!node.isObject()) {
            return "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
        List<String> names = new ArrayList<>();
        Iterator<String> fields = node.fieldNames();
        while (fields.hasNext() && names.size() < 10) {
            names.add(fields.next());
        }
        return "an object with fields " + names;
    }
}
