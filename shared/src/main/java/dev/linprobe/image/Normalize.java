package dev.linprobe.image;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Writes an RGB image as a float32 CHW tensor, each value {@code (v / 255 - mean[c]) / std[c]}
 * computed in float arithmetic in the same order as torchvision's {@code ToTensor} followed by
 * {@code Normalize}, so the values are bit-identical for the same 8-bit input.
 */
public final class Normalize {

    // One table per channel: each 8-bit value maps to exactly one float, so the
    // arithmetic runs 768 times instead of three times per pixel.
    private final float[][] tables = new float[3][256];

    /** Creates the step with per-channel (R, G, B) {@code mean} and {@code std} on the [0, 1] scale. */
    public Normalize(float[] mean, float[] std) {
        if (mean == null || mean.length != 3) {
            throw new IllegalArgumentException("mean must have 3 values (R, G, B), found " + Arrays.toString(mean));
        }
        if (std == null || std.length != 3) {
            throw new IllegalArgumentException("std must have 3 values (R, G, B), found " + Arrays.toString(std));
        }
        for (int channel = 0; channel < 3; channel++) {
            if (!(std[channel] > 0)) {
                throw new IllegalArgumentException("std values must be positive, found " + Arrays.toString(std));
            }
            for (int value = 0; value < 256; value++) {
                tables[channel][value] = (value / 255f - mean[channel]) / std[channel];
            }
        }
    }

    /** Returns the normalised float for an 8-bit {@code value} of {@code channel} (0 red, 1 green, 2 blue). */
    public float valueOf(int channel, int value) {
        return tables[channel][value];
    }

    /**
     * Writes {@code image} as planes R, G, B, each in row-major order, into {@code dest} from
     * {@code offset}, filling {@code 3 * width * height} floats.
     */
    public void apply(BufferedImage image, float[] dest, int offset) {
        int[] pixels = IntRgb.pixels(image);
        int planeSize = pixels.length;
        checkRange(offset, 3 * planeSize, dest.length);
        float[] red = tables[0];
        float[] green = tables[1];
        float[] blue = tables[2];
        int greenOffset = offset + planeSize;
        int blueOffset = greenOffset + planeSize;
        for (int i = 0; i < planeSize; i++) {
            int pixel = pixels[i];
            dest[offset + i] = red[pixel >>> 16 & 0xFF];
            dest[greenOffset + i] = green[pixel >>> 8 & 0xFF];
            dest[blueOffset + i] = blue[pixel & 0xFF];
        }
    }

    /**
     * Writes {@code image} like {@link #apply(BufferedImage, float[], int)} into {@code dest} at
     * absolute index {@code offset}, leaving the buffer's position unchanged.
     */
    public void apply(BufferedImage image, FloatBuffer dest, int offset) {
        if (dest.hasArray() && !dest.isReadOnly()) {
            checkRange(offset, 3 * image.getWidth() * image.getHeight(), dest.limit());
            apply(image, dest.array(), dest.arrayOffset() + offset);
            return;
        }
        int[] pixels = IntRgb.pixels(image);
        int planeSize = pixels.length;
        checkRange(offset, 3 * planeSize, dest.limit());
        // Direct buffers take one bulk put per plane, which is much faster than one put per value.
        float[] plane = new float[planeSize];
        for (int channel = 0; channel < 3; channel++) {
            float[] table = tables[channel];
            int shift = 16 - 8 * channel;
            for (int i = 0; i < planeSize; i++) {
                plane[i] = table[pixels[i] >>> shift & 0xFF];
            }
            dest.put(offset + channel * planeSize, plane, 0, planeSize);
        }
    }

    private static void checkRange(int offset, int length, int capacity) {
        if (offset < 0 || offset > capacity - length) {
            throw new IndexOutOfBoundsException("cannot write " + length + " floats at offset " + offset
                    + " into a buffer of " + capacity + ": allocate at least offset + " + length + " floats");
        }
    }
}
