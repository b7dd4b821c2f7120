package dev.linprobe.pipeline;

import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.image.ImageDecodeException;
import dev.linprobe.image.ImageDecoder;
import dev.linprobe.image.Preprocessor;
import dev.linprobe.storage.ObjectNotFoundException;
import dev.linprobe.storage.ObjectStore;
import dev.linprobe.storage.StorageException;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Turns image objects into feature vectors, batch by batch.
 *
 * <p>Each batch is fetched, decoded and preprocessed on a worker pool while the previous batch runs
 * through the network, so at most two batches are in memory at once. An image that can't be read or
 * decoded becomes a {@link Failure} and the rest of its batch goes on. Two keys with the same id (the
 * same file name in two folders) can't both be used: the second becomes a failure.
 */
public final class FeatureExtraction implements AutoCloseable {

    /** Default number of images per network run and per shard. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private static final Logger log = Logger.getLogger(FeatureExtraction.class);

    /** Receives each batch's features. */
    @FunctionalInterface
    public interface BatchSink {
        /**
         * Accepts the features of one batch.
         *
         * @param ids image ids of the rows, in order
         * @param keys object keys of the rows, in order
         * @param features row-major [ids.size(), D]
         * @param failures the batch's images that failed
         */
        void accept(List<String> ids, List<String> keys, float[] features, List<Failure> failures);
    }

    /** The result of an extraction: how many images gave features, and which failed. */
    public record Result(int extracted, List<Failure> failures) {}

    private final ObjectStore store;
    private final FeatureExtractor extractor;
    private final int batchSize;
    private final ExecutorService workers;
    private final ImageDecoder decoder = new ImageDecoder();
    private final Preprocessor preprocessor;

    /** Creates an extraction over a store with a worker thread per processor. */
    public FeatureExtraction(ObjectStore store, FeatureExtractor extractor, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
        }
        this.store = store;
        this.extractor = extractor;
        this.batchSize = batchSize;
        this.preprocessor = new Preprocessor(extractor.info().preprocess());
        this.workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
            Thread thread = new Thread(runnable, "linprobe-preprocess");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Extracts features of the given image keys, handing each batch to {@code sink}.
     *
     * @param keys decoded object keys of images
     */
    public Result extract(String bucket, List<String> keys, ProgressListener progress, BatchSink sink) {
        List<Failure> duplicates = new ArrayList<>();
        List<String> unique = rejectDuplicateIds(keys, duplicates);
        List<Failure> failures = new ArrayList<>();
        progress.start("extract", keys.size());
        progress.advance(keys.size() - unique.size());
        int extracted = 0;
        CompletableFuture<Batch> next = unique.isEmpty() ? null : prepareAsync(bucket, unique, 0);
        for (int start = 0; start < unique.size(); start += batchSize) {
            Batch batch = join(next);
            if (start == 0) {
                // Duplicates belong to no batch; the first batch reports them so that its sink records them.
                batch.failures.addAll(0, duplicates);
            }
            int following = start + batchSize;
            next = following < unique.size() ? prepareAsync(bucket, unique, following) : null;
            float[] features = batch.ids.isEmpty() ? new float[0] : runCompacted(batch);
            sink.accept(batch.ids, batch.keys, features, batch.failures);
            failures.addAll(batch.failures);
            extracted += batch.ids.size();
            progress.advance(batch.size);
        }
        progress.finish();
        if (!failures.isEmpty()) {
            log.warnv("{0} of {1} images failed; first: {2}: {3}", failures.size(), keys.size(),
                    failures.get(0).key(), failures.get(0).reason());
        }
        return new Result(extracted, List.copyOf(failures));
    }

    private static List<String> rejectDuplicateIds(List<String> keys, List<Failure> failures) {
        Map<String, String> seen = new HashMap<>();
        List<String> unique = new ArrayList<>();
        for (String key : keys) {
            String id = ImageKeys.idOf(key);
            String earlier = seen.putIfAbsent(id, key);
            if (earlier == null) {
                unique.add(key);
            } else {
                failures.add(Failure.permanent(key, "duplicate image id '" + id + "': " + earlier
                        + " has the same id (file name without extension); rename one of them"));
            }
        }
        return unique;
    }

    /** One prepared batch: preprocessed tensors of the images that decoded, in slot order. */
    private static final class Batch {
        final int size;
        final FloatBuffer tensors;
        final boolean[] ok;
        final List<String> ids = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final List<Failure> failures = new ArrayList<>();

        Batch(int size, FloatBuffer tensors) {
            this.size = size;
            this.tensors = tensors;
            this.ok = new boolean[size];
        }
    }

    private CompletableFuture<Batch> prepareAsync(String bucket, List<String> keys, int start) {
        List<String> slice = keys.subList(start, Math.min(keys.size(), start + batchSize));
        Batch batch = new Batch(slice.size(), FeatureExtractor.allocate(slice.size() * preprocessor.floatsPerImage()));
        Failure[] reasons = new Failure[slice.size()];
        CompletableFuture<?>[] tasks = new CompletableFuture<?>[slice.size()];
        for (int i = 0; i < slice.size(); i++) {
            int slot = i;
            tasks[i] = CompletableFuture.runAsync(() -> reasons[slot] = prepareOne(bucket, slice.get(slot), batch, slot), workers);
        }
        return CompletableFuture.allOf(tasks).thenApply(done -> {
            for (int i = 0; i < slice.size(); i++) {
                if (reasons[i] == null) {
                    batch.ok[i] = true;
                    batch.ids.add(ImageKeys.idOf(slice.get(i)));
                    batch.keys.add(slice.get(i));
                } else {
                    batch.failures.add(reasons[i]);
                }
            }
            return batch;
        });
    }

    /** Reads, decodes and preprocesses one image into its slot; returns null on success, else the failure. */
    private Failure prepareOne(String bucket, String key, Batch batch, int slot) {
        try {
            byte[] bytes = store.get(bucket, key);
            BufferedImage image = decoder.decode(bytes, "s3://" + bucket + "/" + key);
            preprocessor.preprocess(image, batch.tensors, slot * preprocessor.floatsPerImage());
            return null;
        } catch (ObjectNotFoundException e) {
            return Failure.permanent(key, e.getMessage());
        } catch (ImageDecodeException e) {
            return Failure.permanent(key, e.getMessage());
        } catch (StorageException e) {
            return new Failure(key, "failed to read the object: " + e.getMessage(), true);
        } catch (OutOfMemoryError e) {
            // The decoder's size limits should prevent this; one image must still not fail its batch.
            log.errorv("Ran out of memory decoding s3://{0}/{1}", bucket, key);
            return Failure.permanent(key, "ran out of memory decoding the image: downscale it before uploading it");
        } catch (RuntimeException e) {
            log.debugv(e, "Unexpected failure preparing {0}", key);
            return Failure.permanent(key, "failed to decode or preprocess the image (" + e + "): check that the file is a valid image");
        }
    }

    /** Runs the network on the batch's successful slots, moved to the front of the buffer. */
    private float[] runCompacted(Batch batch) {
        int perImage = preprocessor.floatsPerImage();
        int target = 0;
        for (int slot = 0; slot < batch.size; slot++) {
            if (!batch.ok[slot]) {
                continue;
            }
            if (slot != target) {
                FloatBuffer from = batch.tensors.duplicate().position(slot * perImage).limit((slot + 1) * perImage);
                batch.tensors.duplicate().position(target * perImage).put(from);
            }
            target++;
        }
        return extractor.run(batch.tensors, target);
    }

    private static Batch join(CompletableFuture<Batch> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** Stops the worker threads. The extractor and the store stay open. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
