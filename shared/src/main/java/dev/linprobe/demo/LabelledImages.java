package dev.linprobe.demo;

import java.util.Objects;

/** Images with one integer class label each, as read from a pair of IDX files. */
public final class LabelledImages {

    private final IdxImages images;
    private final byte[] labels;

    /**
     * Pairs images with labels, using the label array without a copy.
     *
     * @throws IllegalArgumentException if the numbers of images and labels differ
     */
    public LabelledImages(IdxImages images, byte[] labels) {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException("found " + images.count() + " images but " + labels.length + " labels");
        }
        this.images = images;
        this.labels = labels;
    }

    /** Returns the images. */
    public IdxImages images() {
        return images;
    }

    /** Returns the number of labelled images. */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the label of one image as an unsigned value from 0 to 255.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size)}
     */
    public int label(int index) {
        return Byte.toUnsignedInt(labels[Objects.checkIndex(index, labels.length)]);
    }
}
