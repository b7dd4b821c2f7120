package dev.linprobe.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jboss.logging.Logger;

/**
 * Decodes JPEG, PNG, BMP and GIF bytes into 8-bit {@code TYPE_INT_RGB} images that match what
 * Pillow's {@code Image.open(path).convert("RGB")} returns, so that features computed here match
 * a torchvision pipeline that loads images with Pillow.
 *
 * <p>Conversion rules (alpha, palettes, 16-bit samples) are documented on the package-private
 * {@code RgbConversion}. JPEG pixels are turned upright by their EXIF orientation, which differs
 * from plain Pillow on purpose because {@code Image.open} ignores it. CMYK and YCCK JPEGs are read by
 * the TwelveMonkeys plugin, because the JDK reader rejects them. A CMYK JPEG without an ICC profile
 * decodes exactly as in Pillow (tested).
 * NOTE: TwelveMonkeys may apply an embedded CMYK ICC profile, which Pillow ignores, and YCCK is not
 * tested against Pillow, so colors of such files can differ.
 *
 * <p>A JPEG whose data ends before the end-of-image marker is rejected, as Pillow does unless
 * {@code ImageFile.LOAD_TRUNCATED_IMAGES} is set, because the missing rows would decode as gray
 * and silently train on a damaged image. Only the first frame of an animated GIF is decoded.
 *
 * <p>Instances are stateless and safe to share between threads.
 */
public final class ImageDecoder {

    private static final Logger log = Logger.getLogger(ImageDecoder.class);

    /**
     * Default maximum number of pixels, the same as Pillow's {@code Image.MAX_IMAGE_PIXELS}
     * (1024 * 1024 * 1024 / 4 / 3), above which an image is rejected before its pixels are read.
     */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

    /**
     * The largest raster, in bytes, that a decode may allocate: 256 MiB, the size of a 64-megapixel
     * image of 8-bit RGBA. It bounds the memory of 16-bit and alpha images, which the pixel limit
     * alone lets grow to 8 bytes a pixel.
     */
    public static final long MAX_RASTER_BYTES = 256L << 20;

    private static final String NOT_AN_IMAGE =
            ". It is not a JPEG, PNG, BMP or GIF image, or the file is damaged: re-upload it or remove it.";

    private final long maxPixels;

    /** Creates a decoder that rejects images larger than {@link #DEFAULT_MAX_PIXELS}. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** Creates a decoder that rejects images with more than {@code maxPixels} pixels. */
    public ImageDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, found " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /**
     * Decodes {@code bytes} into an upright 8-bit {@code TYPE_INT_RGB} image.
     *
     * @param bytes the encoded image
     * @param source the file name or object key of the image, used in error messages and logs
     * @throws ImageDecodeException when the bytes are empty, in an unsupported format, damaged,
     *     truncated or too large; the message names {@code source}
     */
    public BufferedImage decode(byte[] bytes, String source) throws ImageDecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageDecodeException(source,
                    "Cannot decode image " + source + " because the file is empty. Re-upload it or remove it.");
        }
        ImageFormat format = ImageFormat.detect(bytes);
        if (format == null) {
            throw new ImageDecodeException(source, "Cannot decode image " + source
                    + " because it does not start with a JPEG, PNG, BMP or GIF signature" + NOT_AN_IMAGE);
        }

        BufferedImage decoded = read(bytes, source, format);
        BufferedImage rgb = RgbConversion.toIntRgb(decoded);
        if (format == ImageFormat.JPEG) {
            rgb = ExifOrientation.apply(rgb, ExifOrientation.read(bytes, source));
        }
        return rgb;
    }

    private BufferedImage read(byte[] bytes, String source, ImageFormat format) throws ImageDecodeException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format.readerName()
                    + " is registered: check that the JDK's java.desktop module is present");
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener warningListener = (ignored, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(warningListener);

        // A memory cache avoids the temporary files ImageIO.createImageInputStream may write.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > maxPixels) {
                throw new ImageDecodeException(source, "Cannot decode image " + source + " because it has "
                        + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, more than the maximum of "
                        + maxPixels + ". Downscale the image before uploading it.");
            }
            long rasterBytes = rasterBytes(reader, pixels);
            if (rasterBytes > MAX_RASTER_BYTES) {
                throw new ImageDecodeException(source, "Cannot decode image " + source + " because its "
                        + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels would take " + (rasterBytes >> 20)
                        + " MiB to decode, more than the maximum of " + (MAX_RASTER_BYTES >> 20)
                        + " MiB. Downscale it, or save it with 8 bits per channel, before uploading it.");
            }
            // NOTE: for GIF this is the first frame's own rectangle. Pillow instead places that frame
            // on the logical screen, so a GIF whose first frame is smaller than the screen differs.
            BufferedImage image = reader.read(0);
            if (format == ImageFormat.JPEG && isTruncatedJpeg(bytes, warnings)) {
                throw truncated(source, warnings, null);
            }
            if (!warnings.isEmpty()) {
                log.debugf("decoded %s with warnings: %s", source, warnings);
            }
            return image;
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Readers signal damaged data with IIOException and, on some inputs, with runtime
            // exceptions such as IndexOutOfBoundsException. Random data lacks the end marker as
            // well, so only a decoder warning identifies truncation here.
            if (format == ImageFormat.JPEG && warnsOfTruncation(warnings)) {
                throw truncated(source, warnings, e);
            }
            throw new ImageDecodeException(source, "Cannot decode image " + source + " because the " + format
                    + " reader failed with " + e + NOT_AN_IMAGE, e);
        } finally {
            reader.dispose();
        }
    }

    /** Estimates the bytes the decoded raster takes, from the reader's first image type; 4 per pixel when unknown. */
    private static long rasterBytes(ImageReader reader, long pixels) {
        try {
            java.util.Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types != null && types.hasNext()) {
                java.awt.image.SampleModel model = types.next().getSampleModel();
                long bitsPerPixel = 0;
                for (int size : model.getSampleSize()) {
                    bitsPerPixel += size;
                }
                return pixels * Math.max(1, (bitsPerPixel + 7) / 8);
            }
        } catch (IOException | RuntimeException e) {
            log.debugf("could not read the image type before decoding: %s", e);
        }
        return pixels * 4;
    }

    private static ImageDecodeException truncated(String source, List<String> warnings, Exception cause) {
        return new ImageDecodeException(source, "Cannot decode image " + source
                + " because the JPEG data is truncated (decoder warnings: " + String.join(", ", new java.util.LinkedHashSet<>(warnings))
                + "). Re-upload it or remove it.", cause);
    }

    /**
     * Returns whether a decoded JPEG lacks its end. The JDK decoder then fills the missing rows
     * with gray and warns "premature end of data segment", and TwelveMonkeys warns "Missing EOI
     * marker". Warning texts are not part of any API, so a file without any end-of-image marker
     * counts as truncated too.
     */
    private static boolean isTruncatedJpeg(byte[] bytes, List<String> warnings) {
        return warnsOfTruncation(warnings) || !containsEndOfImageMarker(bytes);
    }

    private static boolean warnsOfTruncation(List<String> warnings) {
        for (String warning : warnings) {
            String text = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (text.contains("premature end") || text.contains("missing eoi")) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsEndOfImageMarker(byte[] bytes) {
        // Searches the whole file from the end, because some cameras append megabytes of data
        // after the marker. Entropy-coded data never contains FF D9, so a hit is a real marker.
        for (int i = bytes.length - 2; i >= 2; i--) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }
}
