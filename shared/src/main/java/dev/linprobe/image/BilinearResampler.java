package dev.linprobe.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** Two-pass antialiased bilinear resampling of packed RGB pixels, as Pillow's ImagingResample does. */
final class BilinearResampler {

    private BilinearResampler() {
    }

    /**
     * Resamples a {@code width} x {@code height} image to {@code outWidth} x {@code outHeight} and
     * returns the pixels of {@code region} of that output as a {@code TYPE_INT_RGB} image.
     */
    static BufferedImage resize(int[] pixels, int width, int height, int outWidth, int outHeight, Rectangle region) {
        // Like Pillow, an axis whose length does not change is not resampled at all.
        ResampleCoefficients horizontal = outWidth != width ? ResampleCoefficients.of(width, outWidth) : null;
        ResampleCoefficients vertical = outHeight != height ? ResampleCoefficients.of(height, outHeight) : null;

        // Source rows that the vertical pass reads for the rows of the region.
        int firstRow = region.y;
        int endRow = region.y + region.height;
        if (vertical != null) {
            firstRow = vertical.starts[region.y];
            endRow = 0;
            for (int y = region.y; y < region.y + region.height; y++) {
                endRow = Math.max(endRow, vertical.starts[y] + vertical.counts[y]);
            }
        }

        int rowCount = endRow - firstRow;
        int[] columns = new int[region.width * rowCount];
        if (horizontal != null) {
            resampleRows(pixels, width, firstRow, rowCount, horizontal, region.x, region.width, columns);
        } else {
            for (int row = 0; row < rowCount; row++) {
                System.arraycopy(pixels, (firstRow + row) * width + region.x, columns, row * region.width, region.width);
            }
        }

        BufferedImage result = new BufferedImage(region.width, region.height, BufferedImage.TYPE_INT_RGB);
        int[] out = IntRgb.pixels(result);
        if (vertical != null) {
            resampleColumns(columns, region.width, firstRow, vertical, region.y, region.height, out);
        } else {
            System.arraycopy(columns, 0, out, 0, out.length);
        }
        return result;
    }

    private static void resampleRows(int[] in, int width, int firstRow, int rowCount,
            ResampleCoefficients coefficients, int firstColumn, int columnCount, int[] out) {
        int[] weights = coefficients.weights;
        for (int row = 0; row < rowCount; row++) {
            int inRow = (firstRow + row) * width;
            int outRow = row * columnCount;
            for (int column = 0; column < columnCount; column++) {
                int x = firstColumn + column;
                int start = coefficients.starts[x];
                int count = coefficients.counts[x];
                int weightBase = x * coefficients.stride;
                int red = ResampleCoefficients.HALF;
                int green = ResampleCoefficients.HALF;
                int blue = ResampleCoefficients.HALF;
                for (int k = 0; k < count; k++) {
                    int pixel = in[inRow + start + k];
                    int weight = weights[weightBase + k];
                    red += (pixel >>> 16 & 0xFF) * weight;
                    green += (pixel >>> 8 & 0xFF) * weight;
                    blue += (pixel & 0xFF) * weight;
                }
                out[outRow + column] = ResampleCoefficients.clamp8(red) << 16
                        | ResampleCoefficients.clamp8(green) << 8
                        | ResampleCoefficients.clamp8(blue);
            }
        }
    }

    private static void resampleColumns(int[] in, int width, int firstRow, ResampleCoefficients coefficients,
            int firstOutRow, int outRowCount, int[] out) {
        int[] weights = coefficients.weights;
        int[] red = new int[width];
        int[] green = new int[width];
        int[] blue = new int[width];
        for (int row = 0; row < outRowCount; row++) {
            int y = firstOutRow + row;
            int start = coefficients.starts[y] - firstRow;
            int count = coefficients.counts[y];
            int weightBase = y * coefficients.stride;
            java.util.Arrays.fill(red, ResampleCoefficients.HALF);
            java.util.Arrays.fill(green, ResampleCoefficients.HALF);
            java.util.Arrays.fill(blue, ResampleCoefficients.HALF);
            // Row-major accumulation reads the input sequentially, which is faster than per-pixel columns.
            for (int k = 0; k < count; k++) {
                int weight = weights[weightBase + k];
                int inRow = (start + k) * width;
                for (int x = 0; x < width; x++) {
                    int pixel = in[inRow + x];
                    red[x] += (pixel >>> 16 & 0xFF) * weight;
                    green[x] += (pixel >>> 8 & 0xFF) * weight;
                    blue[x] += (pixel & 0xFF) * weight;
                }
            }
            int outRow = row * width;
            for (int x = 0; x < width; x++) {
                out[outRow + x] = ResampleCoefficients.clamp8(red[x]) << 16
                        | ResampleCoefficients.clamp8(green[x]) << 8
                        | ResampleCoefficients.clamp8(blue[x]);
            }
        }
    }
}
