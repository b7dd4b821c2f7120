package dev.linprobe.pipeline;

import dev.linprobe.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** Copies local folders of images into a bucket. */
public final class LocalFiles {

    /** Parallel uploads; small image files make the per-request latency, not bandwidth, the limit. */
    private static final int UPLOAD_THREADS = 8;

    private LocalFiles() {}

    /**
     * The result of an upload.
     *
     * @param keys keys of the uploaded images, sorted
     * @param skipped files that are not images by their extension, relative to the folder
     */
    public record Upload(List<String> keys, List<String> skipped) {}

    /**
     * Lists the image files of a folder and its subfolders, sorted by path.
     *
     * @throws IllegalArgumentException when the folder does not exist
     */
    public static List<Path> listImages(Path folder, List<String> skipped) {
        if (Files.isRegularFile(folder)) {
            throw new IllegalArgumentException(folder + " is a file, but a folder of images is expected: give the folder that contains it");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("image folder not found: " + folder + " (give an existing folder of images)");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> images = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (ImageKeys.isImage(file.getFileName().toString())) {
                    images.add(file);
                } else if (!file.getFileName().toString().startsWith(".")) {
                    skipped.add(folder.relativize(file).toString());
                }
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list " + folder, e);
        }
    }

    /** Uploads every image file below {@code folder} to {@code prefix + relative path}. */
    public static Upload upload(ObjectStore store, String bucket, Path folder, String prefix, ProgressListener progress) {
        List<String> skipped = new ArrayList<>();
        List<Path> images = listImages(folder, skipped);
        progress.start("upload", images.size());
        ExecutorService pool = Executors.newFixedThreadPool(UPLOAD_THREADS);
        try {
            List<Future<String>> uploads = new ArrayList<>();
            for (Path image : images) {
                String key = prefix + folder.relativize(image).toString().replace('\\', '/');
                uploads.add(pool.submit(() -> {
                    store.putFile(bucket, key, image, contentType(key));
                    progress.advance(1);
                    return key;
                }));
            }
            List<String> keys = new ArrayList<>();
            for (Future<String> upload : uploads) {
                keys.add(upload.get());
            }
            progress.finish();
            keys.sort(null);
            return new Upload(keys, skipped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("upload of " + folder + " was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static String contentType(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        if (lower.endsWith(".bmp")) {
            return "image/bmp";
        }
        return "image/jpeg";
    }
}
