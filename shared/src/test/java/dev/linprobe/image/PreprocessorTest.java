package dev.linprobe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linprobe.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Compares the Java pipeline with Pillow 9.4 and torchvision's size rules, through the fixtures
 * that {@code src/test/python/preprocess_reference.py} writes. The 8-bit crops reached are
 * identical on every channel of every pixel, and the normalised floats are bit-identical.
 */
class PreprocessorTest {

    private final ImageDecoder decoder = new ImageDecoder();
    private final Preprocessor preprocessor = new Preprocessor(PreprocessSpec.IMAGENET);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "coffee, skimage/coffee.png",
        "camera, skimage/camera.png",
        "palette_color, skimage/palette_color.png",
        "horse, skimage/horse.png",
        "china, sklearn/china.jpg",
    })
    void resizeAndCrop_testImage_matchesPillow(String name, String file) throws IOException {
        BufferedImage image = decoder.decode(Files.readAllBytes(TestData.require(file)), file);

        BufferedImage crop = preprocessor.resizeAndCrop(image);

        Fixtures.Difference difference = Fixtures.Difference.of(crop, Fixtures.rgb("crop_" + name + ".rgb.gz", 224, 224));
        assertEquals(0, difference.maxDifference(), "max difference from Pillow for " + file + ": " + difference);
        assertEquals(0, difference.channelsDiffering(), "channels differing from Pillow for " + file);
    }

    @Test
    void resizeAndCrop_upscale28_matchesPillow() throws IOException {
        BufferedImage image = decoder.decode(Fixtures.bytes("gray28.png"), "gray28.png");

        BufferedImage crop = preprocessor.resizeAndCrop(image);

        Fixtures.Difference difference = Fixtures.Difference.of(crop, Fixtures.rgb("crop_gray28.rgb.gz", 224, 224));
        assertEquals(0, difference.maxDifference(), "max difference from Pillow: " + difference);
    }

    @Test
    void preprocess_coffee_matchesTorchvisionTensor() throws IOException {
        Path file = TestData.require("skimage/coffee.png");
        BufferedImage image = decoder.decode(Files.readAllBytes(file), file.toString());
        float[] expected = Fixtures.floats("tensor_coffee.f32.gz");

        float[] tensor = preprocessor.preprocess(image);

        assertEquals(expected.length, tensor.length, "tensor length");
        int differing = 0;
        float maxDifference = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(tensor[i])) {
                differing++;
                maxDifference = Math.max(maxDifference, Math.abs(expected[i] - tensor[i]));
            }
        }
        assertEquals(0, differing, "floats differing from numpy, max difference " + maxDifference);
    }
}
