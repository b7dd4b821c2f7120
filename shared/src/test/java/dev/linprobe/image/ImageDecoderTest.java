package dev.linprobe.image;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.testing.TestData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    /** Compares whole decoded images with Pillow 9.4's {@code convert("RGB")}: every format matches exactly. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "palette_color, test-data:skimage/palette_color.png, 10, 10",
        "palette_transparent, test-data:skimage/foo3x5x4indexed.png, 5, 3",
        "green_palette, test-data:skimage/green_palette.png, 320, 240",
        "horse, test-data:skimage/horse.png, 400, 328",
        "gif_first_frame, test-data:skimage/no_time_for_that_tiny.gif, 14, 25",
        "camera_gray_alpha, camera_gray_alpha.png, 40, 40",
        "coffee_bmp24, coffee_bmp24.bmp, 60, 40",
        "coffee_bmp8, coffee_bmp8.bmp, 60, 40",
        "coffee_progressive, coffee_progressive.jpg, 120, 80",
        "coffee_cmyk, coffee_cmyk.jpg, 120, 80",
    })
    void decode_format_matchesPillow(String name, String file, int width, int height)
            throws IOException {
        byte[] bytes = file.startsWith("test-data:")
                ? Files.readAllBytes(TestData.require(file.substring("test-data:".length())))
                : Fixtures.bytes(file);

        BufferedImage image = decoder.decode(bytes, file);

        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType(), "image type");
        BufferedImage expected = Fixtures.rgb("decoded_" + name + "_" + width + "x" + height + ".rgb.gz", width, height);
        Fixtures.Difference difference = Fixtures.Difference.of(image, expected);
        assertEquals(0, difference.maxDifference(), "max difference from Pillow for " + file + ": " + difference);
    }

    @Test
    void decode_grayscalePng_copiesRawGrayToRgb() throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.require("skimage/camera.png"));
        // The raw raster, not getRGB: Java treats gray as linear and would gamma-correct it.
        Raster gray = ImageIO.read(new java.io.ByteArrayInputStream(bytes)).getRaster();

        BufferedImage image = decoder.decode(bytes, "camera.png");

        int mismatches = 0;
        for (int y = 0; y < gray.getHeight(); y++) {
            for (int x = 0; x < gray.getWidth(); x++) {
                int v = gray.getSample(x, y, 0);
                if (image.getRGB(x, y) != (0xFF000000 | v << 16 | v << 8 | v)) {
                    mismatches++;
                }
            }
        }
        assertEquals(0, mismatches, "pixels whose R, G and B differ from the gray sample");
    }

    @Test
    void decode_16bitGrayPng_keepsHighByte() throws IOException {
        BufferedImage source = new BufferedImage(64, 4, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = source.getRaster();
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 4; y++) {
                raster.setSample(x, y, 0, x * 1000 + y * 7);
            }
        }
        byte[] png = encode(source, "png");
        assertEquals(16, png[24], "bit depth in the IHDR chunk");

        BufferedImage image = decoder.decode(png, "gray16.png");

        for (int x = 0; x < 64; x++) {
            int expected = (x * 1000 + 3 * 7) >> 8;
            assertEquals(expected, image.getRGB(x, 3) & 0xFF, "blue at x=" + x);
            assertEquals(expected, image.getRGB(x, 3) >> 16 & 0xFF, "red at x=" + x);
        }
    }

    @Test
    void decode_16bitRgbPng_keepsHighByte() throws IOException {
        var colorModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = colorModel.createCompatibleWritableRaster(32, 2);
        for (int x = 0; x < 32; x++) {
            raster.setPixel(x, 0, new int[] {x * 2000 + 255, 65535 - x * 2000, 0x80FF});
            raster.setPixel(x, 1, new int[] {0, 0, 0});
        }
        byte[] png = encode(new BufferedImage(colorModel, raster, false, null), "png");
        assertEquals(16, png[24], "bit depth in the IHDR chunk");

        BufferedImage image = decoder.decode(png, "rgb16.png");

        for (int x = 0; x < 32; x++) {
            int rgb = image.getRGB(x, 0);
            assertEquals((x * 2000 + 255) >> 8, rgb >> 16 & 0xFF, "red at x=" + x);
            assertEquals((65535 - x * 2000) >> 8, rgb >> 8 & 0xFF, "green at x=" + x);
            assertEquals(0x80, rgb & 0xFF, "blue at x=" + x);
        }
    }

    /**
     * Marks the top-left corner red and the top-right corner blue, tags the JPEG with an EXIF
     * orientation, and checks where the EXIF definition of that value puts both corners.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, TOP_LEFT, TOP_RIGHT",
        "2, TOP_RIGHT, TOP_LEFT",
        "3, BOTTOM_RIGHT, BOTTOM_LEFT",
        "4, BOTTOM_LEFT, BOTTOM_RIGHT",
        "5, TOP_LEFT, BOTTOM_LEFT",
        "6, TOP_RIGHT, BOTTOM_RIGHT",
        "7, BOTTOM_RIGHT, TOP_RIGHT",
        "8, BOTTOM_LEFT, TOP_LEFT",
    })
    void decode_exifOrientation_turnsUpright(int orientation, Corner red, Corner blue) throws IOException {
        BufferedImage source = new BufferedImage(48, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = source.createGraphics();
        graphics.setColor(Color.GRAY);
        graphics.fillRect(0, 0, 48, 24);
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, 8, 8);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(40, 0, 8, 8);
        graphics.dispose();
        byte[] jpeg = withExifOrientation(encode(source, "jpeg"), orientation);

        BufferedImage image = decoder.decode(jpeg, "oriented.jpg");

        boolean swapsAxes = orientation >= 5;
        assertEquals(swapsAxes ? 24 : 48, image.getWidth(), "width");
        assertEquals(swapsAxes ? 48 : 24, image.getHeight(), "height");
        Point redAt = red.near(image);
        Point blueAt = blue.near(image);
        assertAll(
                () -> assertTrue(isReddish(image.getRGB(redAt.x, redAt.y)),
                        "red corner expected at " + red + ", found " + Integer.toHexString(image.getRGB(redAt.x, redAt.y))),
                () -> assertTrue(isBluish(image.getRGB(blueAt.x, blueAt.y)),
                        "blue corner expected at " + blue + ", found " + Integer.toHexString(image.getRGB(blueAt.x, blueAt.y))));
    }

    @Test
    void decode_truncatedJpeg_rejected() throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.require("skimage/truncated.jpg"));

        var error = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes, "photos/cat-17.jpg"));

        assertTrue(error.getMessage().contains("photos/cat-17.jpg"), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertEquals("photos/cat-17.jpg", error.source());
    }

    @Test
    void decode_cutJpeg_rejected() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.require("sklearn/china.jpg"));
        byte[] twoThirds = Arrays.copyOf(whole, whole.length * 2 / 3);

        var error = assertThrows(ImageDecodeException.class, () -> decoder.decode(twoThirds, "china-2of3.jpg"));

        assertTrue(error.getMessage().contains("china-2of3.jpg"), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void decode_jpegWithTrailer_accepted() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.require("sklearn/china.jpg"));
        // Data after the end-of-image marker, as some phones append, must not count as damage.
        byte[] withTrailer = withPrefix(whole, randomBytes(64 * 1024, 13));

        BufferedImage image = decoder.decode(withTrailer, "china-trailer.jpg");
        BufferedImage plain = decoder.decode(whole, "china.jpg");

        assertEquals(0, Fixtures.Difference.of(image, plain).channelsDiffering(), "channels differing");
    }

    @Test
    void decode_truncatedPng_rejected() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.require("skimage/coffee.png"));
        byte[] half = Arrays.copyOf(whole, whole.length / 2);

        var error = assertThrows(ImageDecodeException.class, () -> decoder.decode(half, "coffee-half.png"));

        assertTrue(error.getMessage().contains("coffee-half.png"), error.getMessage());
        assertTrue(error.getMessage().contains("re-upload it or remove it"), error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "text", "random", "jpeg-signature-then-random", "png-signature-only"})
    void decode_notAnImage_rejectedNamingSource(String kind) {
        byte[] bytes = switch (kind) {
            case "empty" -> new byte[0];
            case "text" -> "label,file\ncat,cat1.jpg\n".getBytes(StandardCharsets.UTF_8);
            case "random" -> randomBytes(4096, 11);
            case "jpeg-signature-then-random" -> withPrefix(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, randomBytes(4096, 12));
            case "png-signature-only" -> new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
            default -> throw new IllegalArgumentException(kind);
        };
        String source = "uploads/" + kind + ".bin";

        var error = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes, source));

        assertTrue(error.getMessage().contains(source), error.getMessage());
        assertTrue(error.getMessage().contains(kind.equals("empty") ? "the file is empty" : "not a JPEG, PNG, BMP or GIF image"),
                error.getMessage());
        assertTrue(error.getMessage().toLowerCase(java.util.Locale.ROOT).contains("re-upload it or remove it"), error.getMessage());
    }

    @Test
    void decode_nullBytes_rejectedNamingSource() {
        var error = assertThrows(ImageDecodeException.class, () -> decoder.decode(null, "missing.jpg"));

        assertTrue(error.getMessage().contains("missing.jpg"), error.getMessage());
    }

    @Test
    void decode_overPixelLimit_rejected() throws IOException {
        ImageDecoder small = new ImageDecoder(100);
        byte[] png = encode(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "png");

        var error = assertThrows(ImageDecodeException.class, () -> small.decode(png, "big.png"));

        assertTrue(error.getMessage().contains("20x10"), error.getMessage());
    }

    /** Corners of an image, each found 2 pixels inside the edge so JPEG ringing at the edge does not matter. */
    enum Corner {
        TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT;

        Point near(BufferedImage image) {
            int right = image.getWidth() - 3;
            int bottom = image.getHeight() - 3;
            return switch (this) {
                case TOP_LEFT -> new Point(2, 2);
                case TOP_RIGHT -> new Point(right, 2);
                case BOTTOM_LEFT -> new Point(2, bottom);
                case BOTTOM_RIGHT -> new Point(right, bottom);
            };
        }
    }

    private static boolean isReddish(int rgb) {
        return (rgb >> 16 & 0xFF) > 200 && (rgb >> 8 & 0xFF) < 60 && (rgb & 0xFF) < 60;
    }

    private static boolean isBluish(int rgb) {
        return (rgb >> 16 & 0xFF) < 60 && (rgb >> 8 & 0xFF) < 60 && (rgb & 0xFF) > 200;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "ImageIO has a " + format + " writer");
        return out.toByteArray();
    }

    /**
     * Inserts an APP1 Exif segment right after the SOI marker, holding a big-endian TIFF header and
     * one IFD with a single SHORT entry: tag 0x0112 (orientation).
     */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int segmentLength = 2 + exifHeader.length + tiff.capacity();

        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + segmentLength);
        out.put(jpeg, 0, 2);
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) segmentLength);
        out.put(exifHeader).put(tiff.array());
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] withPrefix(byte[] prefix, byte[] rest) {
        byte[] bytes = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, bytes, prefix.length, rest.length);
        return bytes;
    }
}
