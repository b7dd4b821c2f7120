package dev.linprobe.image;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Resizes an image so that its shorter side has a given length, like torchvision's
 * {@code transforms.Resize(size)} with an int size on a PIL image.
 *
 * <p>The longer side becomes {@code (int) (size * longer / shorter)}, truncated as torchvision
 * does, and the pixels are resampled with Pillow's antialiased {@code BILINEAR} filter in two
 * passes (horizontal, then vertical), each rounding to 8 bits. Against Pillow 9.4 the results are
 * identical on the test images; {@code PreprocessorTest} checks this.
 */
public final class ResizeShorter {

    private final int shorterSide;

    /** Creates the step that resizes the shorter side to {@code shorterSide} pixels. */
    public ResizeShorter(int shorterSide) {
        if (shorterSide <= 0) {
            throw new IllegalArgumentException("shorterSide must be positive, found " + shorterSide);
        }
        this.shorterSide = shorterSide;
    }

    /** Returns the target length of the shorter side, in pixels. */
    public int shorterSide() {
        return shorterSide;
    }

    /** Computes the output size for an input of {@code width} x {@code height} pixels. */
    public Dimension outputSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + width + "x" + height);
        }
        int shorter = Math.min(width, height);
        int longer = Math.max(width, height);
        // Double division of exact integers, like Python's int(size * long / short).
        int newLonger = (int) ((double) ((long) shorterSide * longer) / shorter);
        return width <= height ? new Dimension(shorterSide, newLonger) : new Dimension(newLonger, shorterSide);
    }

    /** Resizes a {@code TYPE_INT_RGB} image and returns the whole result. */
    public BufferedImage apply(BufferedImage image) {
        Dimension size = outputSize(image.getWidth(), image.getHeight());
        return apply(image, new Rectangle(0, 0, size.width, size.height));
    }

    /**
     * Resizes a {@code TYPE_INT_RGB} image but computes only the pixels of {@code region} of the
     * output, which saves the work of pixels that a later crop would drop. Every computed pixel
     * has the same value as in the full resize.
     */
    public BufferedImage apply(BufferedImage image, Rectangle region) {
        Dimension size = outputSize(image.getWidth(), image.getHeight());
        if (region.isEmpty() || !new Rectangle(size).contains(region)) {
            throw new IllegalArgumentException("region " + region + " must lie inside the resized image of "
                    + size.width + "x" + size.height + " pixels");
        }
        return BilinearResampler.resize(IntRgb.pixels(image), image.getWidth(), image.getHeight(),
                size.width, size.height, region);
    }
}
