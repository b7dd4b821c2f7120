package dev.linprobe.demo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import dev.linprobe.testing.TestDatasets;

/** Locates the real Fashion-MNIST files and writes small IDX files for tests. */
final class IdxFiles {

    private IdxFiles() {}

    /** Returns the Fashion-MNIST folder of the Debian package; see {@link TestDatasets#fashionMnist()}. */
    static Path requireFashionMnist() {
        return TestDatasets.fashionMnist();
    }

    /** Returns the uncompressed bytes of an IDX images file: header then {@code pixels}. */
    static byte[] images(int count, int rows, int columns, byte[] pixels) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, columns}, pixels);
    }

    /** Returns the uncompressed bytes of an IDX labels file: header then {@code labels}. */
    static byte[] labels(byte[] labels) {
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    /** Returns an IDX header with any magic number and sizes, followed by {@code data}. */
    static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int size : sizes) {
                out.writeInt(size);
            }
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** Returns {@code raw} compressed with gzip. */
    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code raw} gzip-compressed to {@code file} and returns the file. */
    static Path writeGzip(Path file, byte[] raw) throws IOException {
        return Files.write(file, gzip(raw));
    }

    /**
     * Writes a tiny Fashion-MNIST look-alike into {@code folder}: {@code count} 28 x 28 images per
     * split, where every pixel of image i is {@code i + 1} (training) or {@code 100 + i} (test), and
     * label i is {@code i % 10}.
     */
    static void writeTinyFashionMnist(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        for (FashionMnist.Split split : FashionMnist.Split.values()) {
            int base = split == FashionMnist.Split.TRAIN ? 1 : 100;
            int pixelsPerImage = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;
            byte[] pixels = new byte[count * pixelsPerImage];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                Arrays.fill(pixels, i * pixelsPerImage, (i + 1) * pixelsPerImage, (byte) (base + i));
                labels[i] = (byte) (i % 10);
            }
            writeGzip(folder.resolve(split.imagesFileName()),
                    images(count, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, pixels));
            writeGzip(folder.resolve(split.labelsFileName()), labels(labels));
        }
    }
}
