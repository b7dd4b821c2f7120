package dev.linprobe.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record as S3 writes it in event notification version 2.1, with the key as S3 encodes it. */
    private static String s3Record(String bucket, String encodedKey) {
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
                 "eventTime":"2025-03-14T09:26:53.589Z","eventName":"ObjectCreated:Put",
                 "userIdentity":{"principalId":"AWS:AIDAJDPLRKLG7UEXAMPLE"},
                 "requestParameters":{"sourceIPAddress":"203.0.113.17"},
                 "responseElements":{"x-amz-request-id":"D82B88E5F771F645","x-amz-id-2":"vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQ"},
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"linprobe-extract",
                  "bucket":{"name":"%s","ownerIdentity":{"principalId":"A3I5XTEXAMAI3E"},"arn":"arn:aws:s3:::%s"},
                  "object":{"key":"%s","size":1024,"eTag":"\\"d41d8cd98f00b204e9800998ecf8427e\\"","sequencer":"0067D3F6CD8A0E6F3B"}}}
                """.formatted(bucket, bucket, encodedKey);
    }

    private static String s3Notification(String... encodedKeys) {
        List<String> records = java.util.Arrays.stream(encodedKeys).map(key -> s3Record("photos", key)).toList();
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    private static ObjectNode sqsRecord(String messageId, String body) {
        ObjectNode record = JSON.createObjectNode();
        record.put("messageId", messageId);
        record.put("receiptHandle", "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a");
        record.put("body", body);
        ObjectNode attributes = record.putObject("attributes");
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", "1741944413589");
        attributes.put("SenderId", "AIDAJHIPRHEMV73VRJEBU");
        attributes.put("ApproximateFirstReceiveTimestamp", "1741944413601");
        record.putObject("messageAttributes");
        record.put("md5OfBody", "7b270e59b47ff90a553787216d55d91d");
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:linprobe-extract");
        record.put("awsRegion", "eu-west-1");
        return record;
    }

    private static JsonNode sqsBatch(ObjectNode... records) {
        ObjectNode batch = JSON.createObjectNode();
        batch.putArray("Records").addAll(List.of(records));
        return batch;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static ObjectNode cloudEvent() {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("type", "com.amazonaws.s3.ObjectCreated:Put");
        event.put("source", "arn:aws:s3:::photos");
        event.put("id", "a2f5c3e1-7d44-4f0e-9b1c-3f6c2d8e9a10");
        event.put("datacontenttype", "application/json");
        return event;
    }

    @Test
    void kind_s3Notification() throws Exception {
        assertEquals(EventKind.S3_NOTIFICATION, Events.kind(json(s3Notification("datasets/ds/images/a.png"))));
    }

    @Test
    void kind_sqsBatch() throws Exception {
        JsonNode batch = sqsBatch(sqsRecord("m1", s3Notification("datasets/ds/images/a.png")));

        assertEquals(EventKind.SQS, Events.kind(batch));
    }

    @Test
    void kind_s3TestEvent() throws Exception {
        JsonNode event = json("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2025-03-14T09:20:11.046Z",
                 "Bucket":"photos","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3e"}
                """);

        assertEquals(EventKind.S3_TEST_EVENT, Events.kind(event));
    }

    @Test
    void kind_eventBridgeSchedule() throws Exception {
        JsonNode event = json("""
                {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",
                 "source":"aws.events","account":"123456789012","time":"2025-03-14T10:00:00Z","region":"eu-west-1",
                 "resources":["arn:aws:events:eu-west-1:123456789012:rule/linprobe-nightly"],"detail":{}}
                """);

        assertEquals(EventKind.SCHEDULED, Events.kind(event));
    }

    @Test
    void kind_otherEventBridgeEvent_isDirect() throws Exception {
        JsonNode event = json("""
                {"version":"0","detail-type":"Object Created","source":"aws.s3","detail":{}}
                """);

        assertEquals(EventKind.DIRECT, Events.kind(event));
    }

    @Test
    void kind_cloudEvent() {
        ObjectNode event = cloudEvent();
        event.putObject("data");

        assertEquals(EventKind.CLOUDEVENT, Events.kind(event));
    }

    @Test
    void kind_backfillCall_isDirect() throws Exception {
        assertEquals(EventKind.DIRECT, Events.kind(json("{\"bucket\":\"photos\",\"prefix\":\"datasets/ds/images/\"}")));
    }

    @Test
    void kind_emptyRecords_isS3Notification() throws Exception {
        assertEquals(EventKind.S3_NOTIFICATION, Events.kind(json("{\"Records\":[]}")));
    }

    @Test
    void kind_nonObject_isRejected() throws Exception {
        MalformedEventException array = assertThrows(MalformedEventException.class, () -> Events.kind(json("[1,2]")));
        MalformedEventException nothing = assertThrows(MalformedEventException.class, () -> Events.kind(null));

        assertTrue(array.getMessage().contains("a JSON array"), array.getMessage());
        assertTrue(nothing.getMessage().contains("nothing"), nothing.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "datasets/ds/images/my+photo.png | datasets/ds/images/my photo.png",
        "datasets/ds/images/my%20photo.png | datasets/ds/images/my photo.png",
        "datasets/ds/images/a%2Bb.png | datasets/ds/images/a+b.png",
        "datasets/ds/images/caf%C3%A9.png | datasets/ds/images/café.png",
        "datasets/ds/images/shirts/long+sleeve/s%281%29.png | datasets/ds/images/shirts/long sleeve/s(1).png",
        "datasets/ds/images/100%25.png | datasets/ds/images/100%.png",
        "datasets/ds/images/plain.png | datasets/ds/images/plain.png",
    })
    void decodeKey_cases(String raw, String expected) {
        assertEquals(expected, Events.decodeKey(raw));
    }

    @ParameterizedTest
    @CsvSource({"datasets/ds/images/a%G1.png", "datasets/ds/images/a%.png", "datasets/ds/images/a%2"})
    void decodeKey_invalidEscape_isRejected(String raw) {
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.decodeKey(raw));

        assertTrue(e.getMessage().contains(raw), e.getMessage());
        assertTrue(e.getMessage().contains("not URL-encoded correctly"), e.getMessage());
    }

    @Test
    void s3Records_readsEveryRecord() throws Exception {
        JsonNode notification = json(s3Notification("datasets/ds/images/my+photo.png", "datasets/ds/images/caf%C3%A9.jpg"));

        List<ObjectEvent> records = Events.s3Records(notification, "m1");

        assertEquals(2, records.size());
        ObjectEvent first = records.get(0);
        assertEquals("photos", first.bucket());
        assertEquals("datasets/ds/images/my photo.png", first.key());
        assertEquals(1024, first.size());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", first.eTag());
        assertEquals("ObjectCreated:Put", first.eventName());
        assertEquals("m1", first.messageId());
        assertTrue(first.isCreated());
        assertEquals("s3://photos/datasets/ds/images/my photo.png", first.uri());
        assertEquals("datasets/ds/images/café.jpg", records.get(1).key());
    }

    @Test
    void s3Records_withoutOptionalFields_usesDefaults() throws Exception {
        JsonNode notification = json("{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"photos\"},\"object\":{\"key\":\"a.png\"}}}]}");

        ObjectEvent record = Events.s3Records(notification, null).get(0);

        assertEquals(-1, record.size());
        assertNull(record.eTag());
        assertEquals("", record.eventName());
        assertNull(record.messageId());
    }

    @Test
    void s3Records_missingKey_namesRecordAndField() throws Exception {
        ObjectNode notification = (ObjectNode) json(s3Notification("datasets/ds/images/a.png", "datasets/ds/images/b.png"));
        ((ObjectNode) notification.at("/Records/1/s3/object")).remove("key");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.s3Records(notification, null));

        assertTrue(e.getMessage().contains("record 1"), e.getMessage());
        assertTrue(e.getMessage().contains("s3.object.key"), e.getMessage());
    }

    @Test
    void s3Records_missingBucket_isRejected() throws Exception {
        ObjectNode notification = (ObjectNode) json(s3Notification("datasets/ds/images/a.png"));
        ((ObjectNode) notification.at("/Records/0/s3")).remove("bucket");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.s3Records(notification, null));

        assertTrue(e.getMessage().contains("s3.bucket.name"), e.getMessage());
    }

    @Test
    void s3Records_invalidEscape_isRejected() throws Exception {
        JsonNode notification = json(s3Notification("datasets/ds/images/a%G1.png"));

        assertThrows(MalformedEventException.class, () -> Events.s3Records(notification, null));
    }

    @Test
    void s3Records_noRecordsArray_isRejected() throws Exception {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> Events.s3Records(json("{\"Records\":{}}"), null));

        assertTrue(e.getMessage().contains("no Records array"), e.getMessage());
    }

    @Test
    void sqsMessages_keepsIdsAndBodies() {
        String body1 = s3Notification("datasets/ds/images/a.png");
        String body2 = "{not json";
        JsonNode batch = sqsBatch(sqsRecord("m1", body1), sqsRecord("m2", body2));

        List<SqsMessage> messages = Events.sqsMessages(batch);

        assertEquals(List.of(new SqsMessage("m1", body1), new SqsMessage("m2", body2)), messages);
    }

    @Test
    void sqsMessages_missingMessageId_isRejected() {
        ObjectNode second = sqsRecord("m2", "{}");
        second.remove("messageId");
        JsonNode batch = sqsBatch(sqsRecord("m1", "{}"), second);

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.sqsMessages(batch));

        assertTrue(e.getMessage().contains("SQS record 1 has no messageId"), e.getMessage());
    }

    @Test
    void sqsBody_s3Notification_parsesToRecords() {
        JsonNode batch = sqsBatch(sqsRecord("m1", s3Notification("datasets/ds/images/my+photo.png")));
        SqsMessage message = Events.sqsMessages(batch).get(0);

        JsonNode body = Events.parse(message.body(), "body of SQS message m1");
        List<ObjectEvent> records = Events.s3Records(body, message.messageId());

        assertEquals(EventKind.S3_NOTIFICATION, Events.kind(body));
        assertEquals("datasets/ds/images/my photo.png", records.get(0).key());
        assertEquals("m1", records.get(0).messageId());
    }

    @Test
    void parse_invalidJson_namesSource() {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> Events.parse("{\"Records\":[{\"s3\":", "body of SQS message m2"));

        assertTrue(e.getMessage().startsWith("body of SQS message m2 is not valid JSON"), e.getMessage());
    }

    @Test
    void parse_emptyText_isRejected() {
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.parse("", "body of SQS message m3"));

        assertTrue(e.getMessage().contains("body of SQS message m3 is empty"), e.getMessage());
    }

    @Test
    void cloudEventData_object() throws Exception {
        ObjectNode event = cloudEvent();
        event.set("data", json(s3Notification("datasets/ds/images/a.png")));

        JsonNode data = Events.cloudEventData(event);

        assertEquals(EventKind.S3_NOTIFICATION, Events.kind(data));
        assertEquals("datasets/ds/images/a.png", Events.s3Records(data, null).get(0).key());
    }

    @Test
    void cloudEventData_string() throws Exception {
        ObjectNode event = cloudEvent();
        event.put("data", s3Notification("datasets/ds/images/a+b.png"));

        JsonNode data = Events.cloudEventData(event);

        assertEquals("datasets/ds/images/a b.png", Events.s3Records(data, null).get(0).key());
    }

    @Test
    void cloudEventData_base64() throws Exception {
        ObjectNode event = cloudEvent();
        String encoded = Base64.getEncoder().encodeToString(
                s3Notification("datasets/ds/images/caf%C3%A9.png").getBytes(StandardCharsets.UTF_8));
        event.put("data_base64", encoded);

        JsonNode data = Events.cloudEventData(event);

        assertEquals("datasets/ds/images/café.png", Events.s3Records(data, null).get(0).key());
    }

    @Test
    void cloudEventData_invalidBase64_isMalformed() {
        ObjectNode event = cloudEvent();
        event.put("data_base64", "not base64 at all!");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.cloudEventData(event));

        assertTrue(e.getMessage().contains("data_base64"), e.getMessage());
    }

    @Test
    void cloudEventData_missing_namesEventId() {
        ObjectNode event = cloudEvent();
        event.putNull("data");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.cloudEventData(event));

        assertTrue(e.getMessage().contains("CloudEvent a2f5c3e1-7d44-4f0e-9b1c-3f6c2d8e9a10 has no data"), e.getMessage());
    }

    @Test
    void cloudEventData_invalidJsonString_isRejected() {
        ObjectNode event = cloudEvent();
        event.put("data", "{\"Records\":");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> Events.cloudEventData(event));

        assertTrue(e.getMessage().startsWith("CloudEvent data is not valid JSON"), e.getMessage());
    }

    @Test
    void describe_object_listsFieldNames() throws Exception {
        assertEquals("an object with fields [foo, bar]", Events.describe(json("{\"foo\":1,\"bar\":2}")));
    }

    @Test
    void describe_object_listsAtMostTenFields() throws Exception {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < 12; i++) {
            node.put("f" + i, i);
        }

        assertEquals("an object with fields [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9]", Events.describe(node));
    }

    @Test
    void describe_otherNodes() throws Exception {
        assertEquals("nothing", Events.describe(null));
        assertEquals("nothing", Events.describe(json("null")));
        assertEquals("nothing", Events.describe(JSON.missingNode()));
        assertEquals("a JSON array", Events.describe(json("[]")));
        assertEquals("a JSON string", Events.describe(json("\"x\"")));
        assertEquals("a JSON number", Events.describe(json("1")));
    }
}
