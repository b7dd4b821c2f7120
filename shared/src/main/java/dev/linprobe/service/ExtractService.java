package dev.linprobe.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linprobe.events.EventKind;
import dev.linprobe.events.Events;
import dev.linprobe.events.MalformedEventException;
import dev.linprobe.events.ObjectEvent;
import dev.linprobe.events.SqsMessage;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.pipeline.Failure;
import dev.linprobe.pipeline.FeatureExtraction;
import dev.linprobe.pipeline.ImageKeys;
import dev.linprobe.pipeline.ProgressListener;
import dev.linprobe.pipeline.ShardWriter;
import dev.linprobe.storage.ObjectInfo;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.storage.StorageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The extract function: turns uploaded images into feature shards beside them.
 *
 * <p>It takes S3 notifications, SQS batches of S3 notifications (returning the ids of the
 * messages to retry), CloudEvents that carry S3 notifications, and direct calls
 * {@code {"bucket": ..., "prefix": ...}} that extract every image under a prefix. Only created
 * image objects under a data set's image folder are extracted. Everything else is skipped with one
 * logged reason, so the function's own outputs never trigger more work.
 *
 * <p>Shard names derive from their ids, and images are grouped in a fixed order, so a repeated
 * delivery writes the same shards again instead of new ones. A message whose image failed for a
 * reason that may pass (a storage error) contributes nothing to the shards and is reported for
 * retry. Images that can never succeed (damaged, missing, duplicate id) are listed in a failure
 * report beside the shards.
 */
public final class ExtractService {

    private static final Logger log = Logger.getLogger(ExtractService.class);

    /** One message for SQS to deliver again. */
    public record BatchItemFailure(String itemIdentifier) {}

    /**
     * The result of an invocation.
     *
     * @param batchItemFailures SQS messages to retry; empty for other events
     * @param extracted images that now have features
     * @param ignored objects skipped on purpose (not images, outside the watched folders, test events)
     * @param failed images that could not be extracted
     * @param shards keys of the shards written
     * @param failureReports keys of the failure reports written
     */
    public record Response(
            List<BatchItemFailure> batchItemFailures, int extracted, int ignored, int failed, List<String> shards,
            List<String> failureReports) {}

    private final ObjectStore store;
    private final FeatureExtractor extractor;
    private final BucketLayout layout;
    private final int batchSize;

    /** Creates the service. */
    public ExtractService(ObjectStore store, FeatureExtractor extractor, BucketLayout layout, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
        }
        this.store = store;
        this.extractor = extractor;
        this.layout = layout;
        this.batchSize = batchSize;
    }

    /**
     * Handles one invocation.
     *
     * @throws MalformedEventException when the event is of no known kind or lacks required fields
     * @throws StorageException when a direct S3 notification hits a storage error, so the caller retries
     */
    public Response handle(JsonNode event) {
        EventKind kind = Events.kind(event);
        return switch (kind) {
            case S3_TEST_EVENT -> {
                log.info("Ignoring an s3:TestEvent: S3 sends it once when the notification is configured");
                yield new Response(List.of(), 0, 1, 0, List.of(), List.of());
            }
            case S3_NOTIFICATION -> {
                Outcome outcome = new Outcome();
                process(Events.s3Records(event, null), outcome);
                if (!outcome.retryable.isEmpty()) {
                    throw new StorageException("failed to read " + outcome.retryable.size() + " images, for example "
                            + outcome.retryable.get(0).key() + ": " + outcome.retryable.get(0).reason()
                            + ". The shards of the chunks with these images were not written, so the notification can be retried.");
                }
                yield outcome.toResponse(List.of());
            }
            case SQS -> handleSqs(event);
            case CLOUDEVENT -> handle(Events.cloudEventData(event));
            case DIRECT -> event.hasNonNull("Body") && event.hasNonNull("MessageId") ? handleQueueMessage(event) : backfill(event);
            case SCHEDULED -> throw new MalformedEventException(
                    "the extract function does not run on a schedule: send S3 notifications, an SQS batch, or {\"bucket\", \"prefix\"}");
        };
    }

    /** Counts and keys gathered over one invocation. */
    private static final class Outcome {
        /** Whether failures that may pass on retry go into the failure report too, as no one retries a backfill. */
        boolean reportAll;
        int extracted;
        int ignored;
        final List<Failure> permanent = new ArrayList<>();
        final List<Failure> retryable = new ArrayList<>();
        /** SQS messages to deliver again, because one of their images failed in a way that may pass. */
        final Set<String> retryMessages = new LinkedHashSet<>();
        final List<String> shards = new ArrayList<>();
        final List<String> reports = new ArrayList<>();

        Response toResponse(List<BatchItemFailure> retry) {
            return new Response(retry, extracted, ignored, permanent.size() + retryable.size(), List.copyOf(shards),
                    List.copyOf(reports));
        }
    }

    private Response handleSqs(JsonNode event) {
        List<SqsMessage> messages = Events.sqsMessages(event);
        Set<String> retry = new LinkedHashSet<>();
        List<ObjectEvent> records = new ArrayList<>();
        Outcome outcome = new Outcome();
        for (SqsMessage message : messages) {
            try {
                JsonNode body = Events.parse(message.body(), "body of SQS message " + message.messageId());
                EventKind kind = Events.kind(body);
                if (kind == EventKind.S3_TEST_EVENT) {
                    log.infov("Ignoring SQS message {0}: it carries an s3:TestEvent", message.messageId());
                    outcome.ignored++;
                } else if (kind == EventKind.S3_NOTIFICATION) {
                    records.addAll(Events.s3Records(body, message.messageId()));
                } else {
                    throw new MalformedEventException("body of SQS message " + message.messageId()
                            + " is not an S3 notification: found " + Events.describe(body));
                }
            } catch (MalformedEventException e) {
                log.errorv("Failed SQS message {0}, which SQS will retry and then move to the dead-letter queue: {1}",
                        message.messageId(), e.getMessage());
                retry.add(message.messageId());
            }
        }
        process(records, outcome);
        retry.addAll(outcome.retryMessages);
        if (!retry.isEmpty()) {
            log.warnv("{0} of {1} SQS messages failed and will be retried: {2}", retry.size(), messages.size(), retry);
        }
        return outcome.toResponse(retry.stream().map(BatchItemFailure::new).toList());
    }

    /**
     * Handles one SQS message as the Knative AWS SQS source delivers it, {@code {"MessageId": ...,
     * "Body": "<S3 notification>"}}. Failures raise an exception, so the source retries the message.
     */
    private Response handleQueueMessage(JsonNode message) {
        JsonNode body = Events.parse(message.get("Body").asText(), "body of SQS message " + message.get("MessageId").asText());
        return handle(body);
    }

    /** Skips what is not a created image in a watched folder, then extracts the rest in fixed-order chunks. */
    private void process(List<ObjectEvent> records, Outcome outcome) {
        Map<String, ObjectEvent> accepted = new LinkedHashMap<>();
        for (ObjectEvent record : records) {
            Optional<String> skip = skipReason(record.eventName(), record.key());
            if (skip.isPresent()) {
                log.infov("Skipping {0}: {1}", record.uri(), skip.get());
                outcome.ignored++;
            } else {
                accepted.putIfAbsent(record.bucket() + "\n" + record.key(), record);
            }
        }
        // Group per bucket and data set, then in key order, so a repeated delivery forms the same shards.
        Map<String, List<ObjectEvent>> groups = new TreeMap<>();
        for (ObjectEvent record : accepted.values()) {
            String dataset = layout.datasetOfImage(record.key()).orElseThrow();
            groups.computeIfAbsent(record.bucket() + "\n" + dataset, g -> new ArrayList<>()).add(record);
        }
        Map<String, Set<String>> messagesByKey = new java.util.HashMap<>();
        for (ObjectEvent record : records) {
            if (record.messageId() != null) {
                messagesByKey.computeIfAbsent(record.bucket() + "\n" + record.key(), k -> new LinkedHashSet<>())
                        .add(record.messageId());
            }
        }
        for (Map.Entry<String, List<ObjectEvent>> group : groups.entrySet()) {
            String[] parts = group.getKey().split("\n", 2);
            List<String> keys = group.getValue().stream().map(ObjectEvent::key).sorted().toList();
            for (int start = 0; start < keys.size(); start += batchSize) {
                List<String> chunk = keys.subList(start, Math.min(keys.size(), start + batchSize));
                try {
                    extractChunk(parts[0], parts[1], chunk, messagesByKey, outcome);
                } catch (StorageException e) {
                    // A missing or unwritable bucket fails only the images of this chunk, so that the other
                    // messages of an SQS batch still succeed.
                    log.errorv("Failed to extract {0} images of s3://{1}/ (first {2}): {3}", chunk.size(), parts[0],
                            chunk.get(0), e.getMessage());
                    for (String key : chunk) {
                        outcome.retryable.add(new Failure(key, "failed to read the image or write its features in bucket "
                                + parts[0] + ": " + e.getMessage(), true));
                        outcome.retryMessages.addAll(messagesByKey.getOrDefault(parts[0] + "\n" + key, Set.of()));
                    }
                }
            }
        }
    }

    /** Returns why an object is skipped, or empty when it is an image to extract. */
    private Optional<String> skipReason(String eventName, String key) {
        if (eventName != null && !eventName.isEmpty() && !eventName.startsWith("ObjectCreated:")) {
            return Optional.of("event " + eventName + " is not an object creation");
        }
        if (key.endsWith("/")) {
            return Optional.of("folder placeholder");
        }
        if (layout.datasetOfImage(key).isEmpty()) {
            return Optional.of("outside the watched image folders " + layout.imagesPattern());
        }
        if (!ImageKeys.isImage(key)) {
            return Optional.of("not an image by its extension (expected one of " + ImageKeys.IMAGE_EXTENSIONS + ")");
        }
        return Optional.empty();
    }

    /** Extracts one chunk and writes its shard, leaving out images whose failure may pass on retry. */
    private void extractChunk(String bucket, String dataset, List<String> keys, Map<String, Set<String>> messagesByKey,
            Outcome outcome) {
        List<String> ids = new ArrayList<>();
        List<String> rowKeys = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        int dimension = extractor.info().dimension();
        try (FeatureExtraction extraction = new FeatureExtraction(store, extractor, batchSize)) {
            extraction.extract(bucket, keys, ProgressListener.NONE, (batchIds, batchKeys, features, batchFailures) -> {
                for (int i = 0; i < batchIds.size(); i++) {
                    ids.add(batchIds.get(i));
                    rowKeys.add(batchKeys.get(i));
                    rows.add(java.util.Arrays.copyOfRange(features, i * dimension, (i + 1) * dimension));
                }
                failures.addAll(batchFailures);
            });
        }
        List<Failure> permanent = failures.stream().filter(f -> !f.retryable()).toList();
        List<Failure> retryable = failures.stream().filter(Failure::retryable).toList();
        outcome.permanent.addAll(permanent);
        outcome.retryable.addAll(retryable);
        for (Failure failure : retryable) {
            outcome.retryMessages.addAll(messagesByKey.getOrDefault(bucket + "\n" + failure.key(), Set.of()));
        }
        if (!retryable.isEmpty() && !outcome.reportAll) {
            dropRetriedRows(bucket, retryable, messagesByKey, ids, rowKeys, rows);
        }
        float[] features = new float[rows.size() * dimension];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * dimension, dimension);
        }
        String prefix = layout.dataset(dataset).featuresPrefix() + extractor.info().name() + "/";
        ShardWriter writer = new ShardWriter(store, bucket, prefix, extractor.info());
        writer.accept(ids, rowKeys, features, outcome.reportAll ? failures : permanent);
        outcome.extracted += ids.size();
        outcome.shards.addAll(writer.shardKeys());
        outcome.reports.addAll(writer.failureReportKeys());
        log.infov("Extracted {0} images of data set {1} into {2} ({3} failed)", ids.size(), dataset,
                writer.shardKeys().isEmpty() ? "no shard" : "s3://" + bucket + "/" + writer.shardKeys().get(0), failures.size());
    }

    /**
     * Leaves out the rows that a retry will extract again, so that no image ends up in two shards.
     * These are the images of every SQS message with a failure that may pass. For a notification
     * that came without a queue, they are the whole chunk.
     */
    private static void dropRetriedRows(String bucket, List<Failure> retryable, Map<String, Set<String>> messagesByKey,
            List<String> ids, List<String> rowKeys, List<float[]> rows) {
        Set<String> retriedMessages = new java.util.HashSet<>();
        boolean wholeChunk = false;
        for (Failure failure : retryable) {
            Set<String> messages = messagesByKey.get(bucket + "\n" + failure.key());
            if (messages == null) {
                wholeChunk = true;
            } else {
                retriedMessages.addAll(messages);
            }
        }
        for (int i = rowKeys.size() - 1; i >= 0; i--) {
            Set<String> messages = messagesByKey.getOrDefault(bucket + "\n" + rowKeys.get(i), Set.of());
            if (wholeChunk || messages.stream().anyMatch(retriedMessages::contains)) {
                ids.remove(i);
                rowKeys.remove(i);
                rows.remove(i);
            }
        }
    }

    /** Extracts every image under a prefix: {@code {"bucket": "...", "prefix": "datasets/NAME/images/"}}. */
    private Response backfill(JsonNode event) {
        String bucket = event.path("bucket").asText("");
        String prefix = event.path("prefix").asText(null);
        if (bucket.isBlank() || prefix == null) {
            throw new MalformedEventException("unrecognised event: expected an S3 notification, an SQS batch, a CloudEvent, "
                    + "or {\"bucket\": ..., \"prefix\": ...}; found " + Events.describe(event));
        }
        List<ObjectEvent> records = new ArrayList<>();
        for (ObjectInfo object : store.list(bucket, prefix)) {
            records.add(new ObjectEvent(bucket, object.key(), object.size(), object.eTag(), "", null));
        }
        log.infov("Backfilling s3://{0}/{1}: {2} objects", bucket, prefix, records.size());
        Outcome outcome = new Outcome();
        outcome.reportAll = true;
        process(records, outcome);
        outcome.permanent.addAll(outcome.retryable);
        outcome.retryable.clear();
        return outcome.toResponse(List.of());
    }
}
