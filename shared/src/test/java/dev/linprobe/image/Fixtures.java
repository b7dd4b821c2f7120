package dev.linprobe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

/** Loads the Pillow reference fixtures that {@code src/test/python/preprocess_reference.py} writes. */
final class Fixtures {

    private static final String FOLDER = "/preprocess/";

    private Fixtures() {
    }

    /** Returns the bytes of a fixture file, gunzipped when its name ends in {@code .gz}. */
    static byte[] bytes(String name) {
        try (InputStream raw = Fixtures.class.getResourceAsStream(FOLDER + name)) {
            assertNotNull(raw, "fixture " + name + " is missing: run src/test/python/preprocess_reference.py");
            InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name, e);
        }
    }

    /** Returns a raw uint8 HWC fixture as a {@code TYPE_INT_RGB} image of the given size. */
    static BufferedImage rgb(String name, int width, int height) {
        byte[] data = bytes(name);
        assertEquals(width * height * 3, data.length, "size of fixture " + name);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                image.setRGB(x, y, (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF));
            }
        }
        return image;
    }

    /** Returns a little-endian float32 fixture. */
    static float[] floats(String name) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[buffer.remaining() / Float.BYTES];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    /** Channel differences between two images of the same size. */
    record Difference(int channelsDiffering, int maxDifference, int channelsCompared) {

        /** Compares every channel of every pixel of {@code actual} and {@code expected}. */
        static Difference of(BufferedImage actual, BufferedImage expected) {
            assertEquals(expected.getWidth(), actual.getWidth(), "width");
            assertEquals(expected.getHeight(), actual.getHeight(), "height");
            int differing = 0;
            int max = 0;
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    int a = actual.getRGB(x, y);
                    int e = expected.getRGB(x, y);
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int d = Math.abs((a >>> shift & 0xFF) - (e >>> shift & 0xFF));
                        if (d != 0) {
                            differing++;
                            max = Math.max(max, d);
                        }
                    }
                }
            }
            return new Difference(differing, max, expected.getWidth() * expected.getHeight() * 3);
        }
    }
}
