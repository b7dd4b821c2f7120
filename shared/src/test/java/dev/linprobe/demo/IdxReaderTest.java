package dev.linprobe.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    // The constants below were derived once with /usr/bin/python3 from the files of the Debian package
    // dataset-fashion-mnist: gzip.open() each file, struct.unpack('>II' or '>IIII') for the header,
    // then a histogram of the label bytes, hashlib.sha256 of the 784 bytes of an image and a slice of row 14.
    private static final String TRAIN_IMAGE_0_SHA256 = "5bd44e331a6d6998daf675700cd0c13dcd7af8ab954b7585124124da61459e7b";
    private static final int[] TRAIN_IMAGE_0_ROW_14 = {
        0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0};
    private static final int TRAIN_IMAGE_0_PIXEL_SUM = 76247;
    private static final String TEST_IMAGE_9999_SHA256 = "0e65cd3713adf40ebd419516c1a2256c9e24ad75e86a862368adafd141f4c1bb";
    private static final int[] TRAIN_FIRST_LABELS = {9, 0, 0, 3, 0};
    private static final int[] TEST_FIRST_LABELS = {9, 2, 1, 1, 6};

    @TempDir
    Path folder;

    @Test
    void readImages_train_sixtyThousandOf28x28() {
        IdxImages images = IdxReader.readImages(IdxFiles.requireFashionMnist().resolve("train-images-idx3-ubyte.gz"));

        assertEquals(60_000, images.count());
        assertEquals(28, images.rows());
        assertEquals(28, images.columns());
    }

    @Test
    void readImages_trainImage0_matchesPythonBytes() {
        IdxImages images = IdxReader.readImages(IdxFiles.requireFashionMnist().resolve("train-images-idx3-ubyte.gz"));
        byte[] image = images.image(0);

        assertEquals(TRAIN_IMAGE_0_SHA256, sha256(image));
        assertEquals(TRAIN_IMAGE_0_PIXEL_SUM, sum(image));
        for (int column = 0; column < 28; column++) {
            assertEquals(TRAIN_IMAGE_0_ROW_14[column], images.pixel(0, 14, column), "row 14, column " + column);
        }
    }

    @Test
    void readImages_testLastImage_matchesPythonBytes() {
        IdxImages images = IdxReader.readImages(IdxFiles.requireFashionMnist().resolve("t10k-images-idx3-ubyte.gz"));

        assertEquals(10_000, images.count());
        assertEquals(TEST_IMAGE_9999_SHA256, sha256(images.image(9_999)));
    }

    @Test
    void readLabels_trainLabels_sixThousandPerClass() {
        byte[] labels = IdxReader.readLabels(IdxFiles.requireFashionMnist().resolve("train-labels-idx1-ubyte.gz"));

        assertEquals(60_000, labels.length);
        int[] histogram = histogram(labels);
        for (int label = 0; label < 10; label++) {
            assertEquals(6_000, histogram[label], "images with label " + label);
        }
    }

    @Test
    void readLabels_testLabels_oneThousandPerClass() {
        byte[] labels = IdxReader.readLabels(IdxFiles.requireFashionMnist().resolve("t10k-labels-idx1-ubyte.gz"));

        assertEquals(10_000, labels.length);
        int[] histogram = histogram(labels);
        for (int label = 0; label < 10; label++) {
            assertEquals(1_000, histogram[label], "images with label " + label);
        }
    }

    @Test
    void readLabels_firstLabels_matchPython() {
        Path fashionMnist = IdxFiles.requireFashionMnist();
        byte[] train = IdxReader.readLabels(fashionMnist.resolve("train-labels-idx1-ubyte.gz"));
        byte[] test = IdxReader.readLabels(fashionMnist.resolve("t10k-labels-idx1-ubyte.gz"));

        assertArrayEquals(TRAIN_FIRST_LABELS, unsigned(Arrays.copyOf(train, 5)));
        assertArrayEquals(TEST_FIRST_LABELS, unsigned(Arrays.copyOf(test, 5)));
        assertEquals("Ankle boot", FashionMnist.className(train[0]));
    }

    @Test
    void readImages_smallFile_rowMajorPixels() throws IOException {
        byte[] pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 255};
        Path file = IdxFiles.writeGzip(folder.resolve("images.gz"), IdxFiles.images(2, 2, 3, pixels));

        IdxImages images = IdxReader.readImages(file);

        assertEquals(2, images.count());
        assertArrayEquals(new byte[] {7, 8, 9, 10, 11, (byte) 255}, images.image(1));
        assertEquals(6, images.pixel(0, 1, 2));
        assertEquals(255, images.pixel(1, 1, 2));
    }

    @Test
    void readImages_labelsFile_rejectsMagic() throws IOException {
        Path file = IdxFiles.writeGzip(folder.resolve("labels.gz"), IdxFiles.labels(new byte[] {1, 2}));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("magic number is 0x00000801"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000803"), e.getMessage());
    }

    @Test
    void readLabels_imagesFile_rejectsMagic() throws IOException {
        Path file = IdxFiles.writeGzip(folder.resolve("images.gz"), IdxFiles.images(1, 1, 1, new byte[] {0}));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertTrue(e.getMessage().contains("magic number is 0x00000803"), e.getMessage());
    }

    @Test
    void readImages_truncatedPixels_rejected() throws IOException {
        Path file = IdxFiles.writeGzip(folder.resolve("images.gz"), IdxFiles.images(2, 2, 2, new byte[] {1, 2, 3, 4, 5}));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated file"), e.getMessage());
        assertTrue(e.getMessage().contains("declares 8 pixel bytes but only 5 follow"), e.getMessage());
    }

    @Test
    void readImages_truncatedHeader_rejected() throws IOException {
        Path file = IdxFiles.writeGzip(folder.resolve("images.gz"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0});

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertTrue(e.getMessage().contains("ends before the size of dimension 2"), e.getMessage());
    }

    @Test
    void readImages_cutGzipStream_rejected() throws IOException {
        byte[] compressed = IdxFiles.gzip(IdxFiles.images(4, 28, 28, new byte[4 * 28 * 28]));
        Path file = Files.write(folder.resolve("cut.gz"), Arrays.copyOf(compressed, compressed.length / 2));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void readLabels_extraBytes_rejected() throws IOException {
        byte[] raw = IdxFiles.idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2, 3});
        Path file = IdxFiles.writeGzip(folder.resolve("labels.gz"), raw);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertTrue(e.getMessage().contains("unexpected bytes after the 2 label bytes"), e.getMessage());
    }

    @Test
    void readLabels_zeroCount_rejected() throws IOException {
        Path file = IdxFiles.writeGzip(folder.resolve("labels.gz"), IdxFiles.labels(new byte[0]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertTrue(e.getMessage().contains("size of dimension 1 is 0"), e.getMessage());
    }

    @Test
    void readImages_hugeDeclaredSize_rejected() throws IOException {
        byte[] raw = IdxFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {60_000, 60_000, 28}, new byte[0]);
        Path file = IdxFiles.writeGzip(folder.resolve("images.gz"), raw);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertTrue(e.getMessage().contains("more than one Java array can contain"), e.getMessage());
    }

    @Test
    void readLabels_notGzip_rejected() throws IOException {
        Path file = Files.write(folder.resolve("labels.gz"), IdxFiles.labels(new byte[] {1}));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertTrue(e.getMessage().contains("not valid gzip data"), e.getMessage());
    }

    @Test
    void readLabels_emptyFile_rejected() throws IOException {
        Path file = Files.write(folder.resolve("labels.gz"), new byte[0]);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertTrue(e.getMessage().contains("not valid gzip data"), e.getMessage());
    }

    @Test
    void readLabels_missingFile_rejected() {
        Path file = folder.resolve("absent.gz");

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertEquals(file + ": file not found", e.getMessage());
    }

    private static int[] histogram(byte[] labels) {
        int[] counts = new int[256];
        for (byte label : labels) {
            counts[Byte.toUnsignedInt(label)]++;
        }
        return counts;
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = Byte.toUnsignedInt(bytes[i]);
        }
        return values;
    }

    private static int sum(byte[] bytes) {
        int total = 0;
        for (byte b : bytes) {
            total += Byte.toUnsignedInt(b);
        }
        return total;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
