package dev.linprobe.image;

import java.util.Arrays;

/**
 * The input preprocessing a model expects: resize the shorter side to {@code resizeShorter} with antialiased
 * bilinear filtering, center-crop to {@code cropSize} square, scale to [0,1], then subtract
 * {@code mean} and divide by {@code std} per RGB channel.
 */
public record PreprocessSpec(int resizeShorter, int cropSize, float[] mean, float[] std) {

    /** ImageNet channel means (RGB), as torchvision's pretrained models use them. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

    /** ImageNet channel standard deviations (RGB). */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** Resize 256, crop 224 and ImageNet normalisation. */
    public static final PreprocessSpec IMAGENET = new PreprocessSpec(256, 224, IMAGENET_MEAN, IMAGENET_STD);

    public PreprocessSpec {
        if (resizeShorter <= 0) {
            throw new IllegalArgumentException("resizeShorter must be positive, found " + resizeShorter);
        }
        if (cropSize <= 0 || cropSize > resizeShorter) {
            throw new IllegalArgumentException(
                    "cropSize must be between 1 and resizeShorter (" + resizeShorter + "), found " + cropSize);
        }
        if (mean == null || mean.length != 3) {
            throw new IllegalArgumentException("mean must have 3 values (R, G, B), found " + Arrays.toString(mean));
        }
        if (std == null || std.length != 3) {
            throw new IllegalArgumentException("std must have 3 values (R, G, B), found " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, found " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreprocessSpec that
                && resizeShorter == that.resizeShorter
                && cropSize == that.cropSize
                && Arrays.equals(mean, that.mean)
                && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * resizeShorter + cropSize) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "resize " + resizeShorter + ", crop " + cropSize + ", mean " + Arrays.toString(mean)
                + ", std " + Arrays.toString(std);
    }
}
