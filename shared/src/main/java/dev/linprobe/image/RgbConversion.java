package dev.linprobe.image;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Converts decoded images to 8-bit {@link BufferedImage#TYPE_INT_RGB} the way Pillow's
 * {@code Image.convert("RGB")} does (Pillow 9.4): alpha is dropped without compositing, gray is
 * copied to all three channels, palette indices are looked up, and embedded ICC profiles are
 * ignored, so the raw sample values pass through.
 *
 * <p>Sample depths other than 8 bits become 8 bits as follows. 16-bit samples keep their high byte
 * ({@code value >> 8}), which is what Pillow does for 16-bit RGB and RGBA PNGs. Pillow clips 16-bit
 * grayscale to 255 instead, which turns most of the image white, so this class deliberately
 * differs there. Depths below 8 bits are scaled by {@code value * 255 / (2^bits - 1)}, truncated,
 * which is exact for 1, 2 and 4 bits and matches Pillow's 5-bit BMP unpacking.
 */
final class RgbConversion {

    private RgbConversion() {
    }

    /** Returns {@code image} unchanged when it is already {@code TYPE_INT_RGB}, else converts it. */
    static BufferedImage toIntRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        ColorModel colorModel = image.getColorModel();
        if (colorModel instanceof IndexColorModel palette) {
            return fromPalette(image, palette);
        }
        int colorSpaceType = colorModel.getColorSpace().getType();
        if (colorSpaceType == ColorSpace.TYPE_RGB && colorModel.getNumColorComponents() == 3) {
            return fromComponents(image, 3);
        }
        if (colorSpaceType == ColorSpace.TYPE_GRAY && colorModel.getNumColorComponents() == 1) {
            return fromComponents(image, 1);
        }
        // Other color spaces (CMYK, YCbCr left unconverted) have no raw RGB samples, so Java2D
        // converts them to sRGB through their color model.
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }

    private static BufferedImage fromPalette(BufferedImage image, IndexColorModel palette) {
        int size = palette.getMapSize();
        int[] colors = new int[size];
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        for (int i = 0; i < size; i++) {
            colors[i] = (reds[i] & 0xFF) << 16 | (greens[i] & 0xFF) << 8 | (blues[i] & 0xFF);
        }

        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = IntRgb.pixels(rgb);
        Raster raster = image.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                // An index past the palette end is invalid data and becomes black.
                int index = row[x];
                out[y * width + x] = index < size ? colors[index] : 0;
            }
        }
        return rgb;
    }

    private static BufferedImage fromComponents(BufferedImage image, int colorBands) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = IntRgb.pixels(rgb);
        Raster raster = image.getRaster();
        SampleModel sampleModel = raster.getSampleModel();

        int[][] rows = new int[colorBands][width];
        int[][] lookups = new int[colorBands][];
        for (int band = 0; band < colorBands; band++) {
            lookups[band] = eightBitLookup(sampleModel.getSampleSize(band));
        }
        for (int y = 0; y < height; y++) {
            for (int band = 0; band < colorBands; band++) {
                raster.getSamples(0, y, width, 1, band, rows[band]);
            }
            int base = y * width;
            if (colorBands == 1) {
                int[] gray = rows[0];
                int[] lookup = lookups[0];
                for (int x = 0; x < width; x++) {
                    int v = lookup[gray[x]];
                    out[base + x] = v << 16 | v << 8 | v;
                }
            } else {
                int[] red = rows[0];
                int[] green = rows[1];
                int[] blue = rows[2];
                for (int x = 0; x < width; x++) {
                    out[base + x] = lookups[0][red[x]] << 16 | lookups[1][green[x]] << 8 | lookups[2][blue[x]];
                }
            }
        }
        return rgb;
    }

    /** Returns the table that maps every sample value of {@code bits} depth to 8 bits. */
    static int[] eightBitLookup(int bits) {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("sample depth must be 1 to 16 bits, found " + bits);
        }
        int max = (1 << bits) - 1;
        int[] lookup = new int[max + 1];
        for (int value = 0; value <= max; value++) {
            lookup[value] = bits >= 8 ? value >> (bits - 8) : value * 255 / max;
        }
        return lookup;
    }
}
