package dev.linprobe.demo;

import java.util.Arrays;
import java.util.Objects;

/**
 * Grayscale images read from one IDX file: {@code count} images of {@code rows x columns} unsigned
 * bytes each, stored row by row in one array.
 */
public final class IdxImages {

    private final int count;
    private final int rows;
    private final int columns;
    private final byte[] pixels;

    /**
     * Creates images over a pixel array, which is used without a copy.
     *
     * @throws IllegalArgumentException if a dimension is not positive or the array length is not
     *     {@code count * rows * columns}
     */
    public IdxImages(int count, int rows, int columns, byte[] pixels) {
        if (count <= 0 || rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive, found " + count + " x " + rows + " x " + columns);
        }
        long expected = (long) count * rows * columns;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " pixel bytes for " + count + " x " + rows + " x "
                    + columns + " images, found " + pixels.length);
        }
        this.count = count;
        this.rows = rows;
        this.columns = columns;
        this.pixels = pixels;
    }

    /** Returns the number of images. */
    public int count() {
        return count;
    }

    /** Returns the height of each image in pixels. */
    public int rows() {
        return rows;
    }

    /** Returns the width of each image in pixels. */
    public int columns() {
        return columns;
    }

    /** Returns the number of pixels in one image. */
    public int pixelsPerImage() {
        return rows * columns;
    }

    /**
     * Copies the pixels of one image, row by row, into a new array.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, count)}
     */
    public byte[] image(int index) {
        int start = Math.multiplyExact(checkIndex(index), pixelsPerImage());
        return Arrays.copyOfRange(pixels, start, start + pixelsPerImage());
    }

    /**
     * Returns one pixel as an unsigned value from 0 to 255.
     *
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public int pixel(int index, int row, int column) {
        checkIndex(index);
        Objects.checkIndex(row, rows);
        Objects.checkIndex(column, columns);
        return Byte.toUnsignedInt(pixels[index * pixelsPerImage() + row * columns + column]);
    }

    private int checkIndex(int index) {
        return Objects.checkIndex(index, count);
    }
}
