package dev.linprobe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks NCHW offsets in batch buffers, normalisation of known pixels and the geometry rules. */
class TensorLayoutTest {

    private static final float[] MEAN = PreprocessSpec.IMAGENET_MEAN;
    private static final float[] STD = PreprocessSpec.IMAGENET_STD;

    // With resize 4 and crop 4, a 4x4 input passes through unchanged, so each tensor value
    // comes from one known pixel.
    private final Preprocessor preprocessor = new Preprocessor(new PreprocessSpec(4, 4, MEAN, STD));

    @Test
    void preprocess_batch_writesEachImageAtItsOffset() {
        int perImage = preprocessor.floatsPerImage();
        float[] batch = new float[3 * perImage + 2];
        Arrays.fill(batch, Float.NaN);

        for (int i = 0; i < 3; i++) {
            preprocessor.preprocess(patternImage(i), batch, 1 + i * perImage);
        }

        assertTrue(Float.isNaN(batch[0]), "value before the first image is untouched");
        assertTrue(Float.isNaN(batch[batch.length - 1]), "value after the last image is untouched");
        for (int i = 0; i < 3; i++) {
            BufferedImage image = patternImage(i);
            for (int channel = 0; channel < 3; channel++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        int value = image.getRGB(x, y) >> (16 - 8 * channel) & 0xFF;
                        float expected = (value / 255f - MEAN[channel]) / STD[channel];
                        int index = 1 + i * perImage + channel * 16 + y * 4 + x;
                        assertEquals(expected, batch[index],
                                "image " + i + ", channel " + channel + ", pixel (" + x + ", " + y + ")");
                    }
                }
            }
        }
    }

    @Test
    void preprocess_knownPixels_normalisedLikeTorchvision() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x000000);
        image.setRGB(3, 3, 0xFFFFFF);
        image.setRGB(1, 2, 0x7C7467);  // 124, 116, 103: about the ImageNet mean

        float[] tensor = preprocessor.preprocess(image);

        assertEquals(-MEAN[0] / STD[0], tensor[0], 1e-6f, "black red");
        assertEquals((1 - MEAN[2]) / STD[2], tensor[2 * 16 + 15], 1e-6f, "white blue");
        int atOneTwo = 2 * 4 + 1;
        assertEquals((124 / 255f - MEAN[0]) / STD[0], tensor[atOneTwo], "red at (1, 2)");
        assertEquals((116 / 255f - MEAN[1]) / STD[1], tensor[16 + atOneTwo], "green at (1, 2)");
        assertEquals((103 / 255f - MEAN[2]) / STD[2], tensor[32 + atOneTwo], "blue at (1, 2)");
        assertTrue(Math.abs(tensor[atOneTwo]) < 0.01f, "a pixel at the mean normalises to about 0");
    }

    @Test
    void preprocess_directFloatBuffer_matchesArray() {
        int perImage = preprocessor.floatsPerImage();
        FloatBuffer direct = ByteBuffer.allocateDirect(2 * perImage * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer heap = FloatBuffer.allocate(2 * perImage);
        float[] array = new float[2 * perImage];

        preprocessor.preprocess(patternImage(1), direct, perImage);
        preprocessor.preprocess(patternImage(1), heap, perImage);
        preprocessor.preprocess(patternImage(1), array, perImage);

        float[] fromDirect = new float[2 * perImage];
        direct.get(0, fromDirect);
        assertArrayEquals(array, fromDirect, "direct buffer");
        assertArrayEquals(array, heap.array(), "heap buffer");
        assertEquals(0, direct.position(), "position of the direct buffer");
    }

    @Test
    void preprocess_bufferTooSmall_rejected() {
        float[] tooSmall = new float[preprocessor.floatsPerImage() + 3];

        var error = assertThrows(IndexOutOfBoundsException.class,
                () -> preprocessor.preprocess(patternImage(0), tooSmall, 4));

        assertTrue(error.getMessage().contains("offset 4"), error.getMessage());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({
        // Expected sizes follow torchvision: int(256 * long / short), truncated.
        "640, 427, 383, 256",
        "427, 640, 256, 383",
        "600, 400, 384, 256",
        "28, 28, 256, 256",
        "1000, 872, 293, 256",
        "3, 1000, 256, 85333",
    })
    void resizeShorter_outputSize_truncatesLongerSide(int width, int height, int expectedWidth, int expectedHeight) {
        Dimension size = new ResizeShorter(256).outputSize(width, height);

        assertEquals(new Dimension(expectedWidth, expectedHeight), size);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({
        // Python's round() rounds halves to even: 79.5 -> 80, 78.5 -> 78, 16.0 -> 16.
        "383, 256, 80, 16",
        "381, 256, 78, 16",
        "224, 224, 0, 0",
        "256, 385, 16, 80",
    })
    void centerCrop_box_roundsHalfToEven(int width, int height, int expectedLeft, int expectedTop) {
        Rectangle box = new CenterCrop(224).box(width, height);

        assertEquals(new Rectangle(expectedLeft, expectedTop, 224, 224), box);
    }

    @Test
    void centerCrop_smallerImage_rejected() {
        var error = assertThrows(IllegalArgumentException.class, () -> new CenterCrop(224).box(300, 200));

        assertTrue(error.getMessage().contains("300x200"), error.getMessage());
    }

    @Test
    void resizeShorter_regionOutsideOutput_rejected() {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);

        assertThrows(IllegalArgumentException.class,
                () -> new ResizeShorter(10).apply(image, new Rectangle(15, 0, 10, 10)));
    }

    @Test
    void resizeShorter_region_equalsCropOfFullResize() {
        BufferedImage image = patternImage(0, 37, 23);
        ResizeShorter resize = new ResizeShorter(16);
        Rectangle region = new Rectangle(3, 2, 11, 12);

        BufferedImage full = resize.apply(image);
        BufferedImage part = resize.apply(image, region);

        assertEquals(new Dimension(25, 16), new Dimension(full.getWidth(), full.getHeight()), "full size");
        Fixtures.Difference difference = Fixtures.Difference.of(
                part, full.getSubimage(region.x, region.y, region.width, region.height));
        assertEquals(0, difference.channelsDiffering(), "region pixels differing from the full resize");
    }

    private static BufferedImage patternImage(int seed) {
        return patternImage(seed, 4, 4);
    }

    /** Returns an image whose every channel of every pixel has a different value. */
    private static BufferedImage patternImage(int seed, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (seed * 50 + x * 13 + y * 3) & 0xFF;
                int green = (seed * 70 + x * 5 + y * 29 + 1) & 0xFF;
                int blue = (seed * 90 + x * 31 + y * 17 + 2) & 0xFF;
                image.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return image;
    }
}
