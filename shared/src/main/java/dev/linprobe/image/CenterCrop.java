package dev.linprobe.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Crops the central square of an image like torchvision's {@code transforms.CenterCrop(size)}:
 * the top edge is {@code round((height - size) / 2.0)} with Python's round half to even, and the
 * left edge likewise. Unlike torchvision, which pads, an image smaller than the crop is rejected.
 */
public final class CenterCrop {

    private final int size;

    /** Creates the step that crops a {@code size} x {@code size} square. */
    public CenterCrop(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive, found " + size);
        }
        this.size = size;
    }

    /** Returns the side length of the crop, in pixels. */
    public int size() {
        return size;
    }

    /** Computes the crop rectangle inside an image of {@code width} x {@code height} pixels. */
    public Rectangle box(int width, int height) {
        if (width < size || height < size) {
            throw new IllegalArgumentException("cannot crop " + size + "x" + size + " pixels from an image of "
                    + width + "x" + height + ": resize it so that its shorter side is at least " + size);
        }
        // Math.rint rounds halves to even, as Python 3's round() does.
        int top = (int) Math.rint((height - size) / 2.0);
        int left = (int) Math.rint((width - size) / 2.0);
        return new Rectangle(left, top, size, size);
    }

    /** Crops a {@code TYPE_INT_RGB} image and returns a new image that shares no pixels with it. */
    public BufferedImage apply(BufferedImage image) {
        Rectangle box = box(image.getWidth(), image.getHeight());
        int[] in = IntRgb.pixels(image);
        BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[] out = IntRgb.pixels(crop);
        for (int row = 0; row < size; row++) {
            System.arraycopy(in, (box.y + row) * image.getWidth() + box.x, out, row * size, size);
        }
        return crop;
    }
}
