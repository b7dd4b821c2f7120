package dev.linprobe.demo;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads gzip-compressed IDX files of unsigned bytes, the format of MNIST and Fashion-MNIST.
 *
 * <p>An IDX file starts with a big-endian 32-bit magic number: two zero bytes, the data type
 * ({@code 0x08} for unsigned bytes) and the number of dimensions. One big-endian 32-bit size per
 * dimension follows, then the data in row-major order. Images are {@code 0x00000803} (count, rows,
 * columns) and labels are {@code 0x00000801} (count). The reader rejects a wrong magic number, a
 * size that is not positive, a file that ends early and bytes after the declared data.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images with three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels with one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int BUFFER_BYTES = 1 << 16;

    private IdxReader() {}

    /**
     * Reads a gzip-compressed IDX file of images.
     *
     * @throws IdxFormatException if the file is missing, not gzip data, or not a valid IDX image file
     */
    public static IdxImages readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int[] sizes = readHeader(in, file, IMAGES_MAGIC, "images");
            byte[] pixels = readData(in, file, sizes, "pixel");
            return new IdxImages(sizes[0], sizes[1], sizes[2], pixels);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /**
     * Reads a gzip-compressed IDX file of labels and returns them as unsigned bytes in file order.
     *
     * @throws IdxFormatException if the file is missing, not gzip data, or not a valid IDX label file
     */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int[] sizes = readHeader(in, file, LABELS_MAGIC, "labels");
            return readData(in, file, sizes, "label");
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES));
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static int[] readHeader(DataInputStream in, Path file, int expectedMagic, String kind) throws IOException {
        int magic = readHeaderInt(in, file, "the magic number");
        if (magic != expectedMagic) {
            throw new IdxFormatException(file, file + ": magic number is " + hex(magic) + " but IDX " + kind
                    + " files start with " + hex(expectedMagic) + "; check that this is the " + kind + " file of the pair");
        }
        int dimensions = expectedMagic & 0xFF;
        int[] sizes = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            sizes[i] = readHeaderInt(in, file, "the size of dimension " + (i + 1));
            if (sizes[i] <= 0) {
                throw new IdxFormatException(file, file + ": size of dimension " + (i + 1) + " is "
                        + Integer.toUnsignedString(sizes[i]) + " but must be from 1 to " + Integer.MAX_VALUE
                        + "; the header is damaged, so download the file again");
            }
        }
        return sizes;
    }

    private static int readHeaderInt(DataInputStream in, Path file, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(file, file + ": truncated file, it ends before " + field
                    + " in the IDX header; download the file again", e);
        }
    }

    private static byte[] readData(DataInputStream in, Path file, int[] sizes, String itemName) throws IOException {
        long total = 1;
        for (int size : sizes) {
            total *= size;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(file, file + ": the header declares more than " + (Integer.MAX_VALUE - 8)
                        + " " + itemName + " bytes, which is more than one Java array can contain; check that this is an IDX file");
            }
        }
        byte[] data;
        try {
            data = in.readNBytes((int) total);
        } catch (EOFException e) {
            // GZIPInputStream raises EOFException when the compressed stream itself is cut.
            throw new IdxFormatException(file, file + ": truncated gzip data, the file ends before its " + total + " "
                    + itemName + " bytes; download the file again", e);
        }
        if (data.length < total) {
            throw new IdxFormatException(file, file + ": truncated file, the header declares " + total + " " + itemName
                    + " bytes but only " + data.length + " follow; download the file again");
        }
        if (in.read() >= 0) {
            throw new IdxFormatException(file, file + ": unexpected bytes after the " + total + " " + itemName
                    + " bytes that the header declares; check that the file was not concatenated or altered");
        }
        return data;
    }

    private static RuntimeException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new IdxFormatException(file, file + ": file not found", e);
        }
        if (e instanceof ZipException || (e instanceof EOFException && e.getMessage() == null)) {
            return new IdxFormatException(file, file + ": not valid gzip data (" + e.getMessage()
                    + "); expected a .gz IDX file, so download the file again", e);
        }
        if (e instanceof EOFException) {
            return new IdxFormatException(file, file + ": truncated gzip data (" + e.getMessage()
                    + "); download the file again", e);
        }
        return new UncheckedIOException("failed to read " + file + ": " + e.getMessage(), e);
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }
}
