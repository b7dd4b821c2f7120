package dev.linprobe.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/** Direct access to the pixel array of {@code TYPE_INT_RGB} images, packed as {@code 0xRRGGBB}. */
final class IntRgb {

    private IntRgb() {
    }

    /**
     * Returns the backing array of a {@code TYPE_INT_RGB} image whose pixel (x, y) is at index
     * {@code y * width + x}, or copies the pixels into such an array for other layouts (sub-images).
     */
    static int[] pixels(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("image must be TYPE_INT_RGB, found type " + image.getType()
                    + ": decode it with ImageDecoder first");
        }
        var raster = image.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferInt buffer
                && buffer.getNumBanks() == 1
                && buffer.getOffset() == 0
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == image.getWidth()) {
            return buffer.getData();
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
