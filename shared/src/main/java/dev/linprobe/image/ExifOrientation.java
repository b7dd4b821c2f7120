package dev.linprobe.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG and turns pixels upright accordingly.
 *
 * <p>Values follow the EXIF 2.3 specification: 1 is upright, 2 mirrors horizontally, 3 rotates
 * 180 degrees, 4 mirrors vertically, 5 transposes (mirror across the main diagonal), 6 rotates
 * 90 degrees clockwise, 7 transverses (mirror across the anti-diagonal) and 8 rotates 90 degrees
 * counterclockwise. These are the same transforms as Pillow's {@code ImageOps.exif_transpose}.
 */
final class ExifOrientation {

    private static final Logger log = Logger.getLogger(ExifOrientation.class);

    /** The orientation of an image without a usable tag. */
    static final int UPRIGHT = 1;

    private ExifOrientation() {
    }

    /**
     * Returns the orientation stored in the JPEG {@code bytes}, or {@link #UPRIGHT} when the tag
     * is missing, out of range or unreadable, because the pixels themselves decoded fine.
     */
    static int read(byte[] bytes, String source) {
        try {
            Metadata metadata = JpegMetadataReader.readMetadata(
                    new ByteArrayInputStream(bytes), List.of(new ExifReader()));
            ExifIFD0Directory directory = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (directory == null || !directory.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return UPRIGHT;
            }
            int orientation = directory.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            if (orientation < 1 || orientation > 8) {
                log.debugf("ignoring invalid EXIF orientation %d in %s", orientation, source);
                return UPRIGHT;
            }
            return orientation;
        } catch (JpegProcessingException | IOException | MetadataException | RuntimeException e) {
            log.debugf(e, "ignoring unreadable EXIF metadata in %s", source);
            return UPRIGHT;
        }
    }

    /** Returns a {@code TYPE_INT_RGB} copy of {@code image} turned upright, or the image itself for value 1. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation == UPRIGHT) {
            return image;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        boolean swapsAxes = orientation >= 5;
        int outWidth = swapsAxes ? height : width;
        int outHeight = swapsAxes ? width : height;
        int[] in = IntRgb.pixels(image);
        BufferedImage result = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
        int[] out = IntRgb.pixels(result);

        // For each output pixel (x, y), find the input pixel (sx, sy) that lands there.
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = width - 1 - x; sy = y; }
                    case 3 -> { sx = width - 1 - x; sy = height - 1 - y; }
                    case 4 -> { sx = x; sy = height - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = height - 1 - x; }
                    case 7 -> { sx = width - 1 - y; sy = height - 1 - x; }
                    case 8 -> { sx = width - 1 - y; sy = x; }
                    default -> throw new IllegalArgumentException(
                            "EXIF orientation must be 1 to 8, found " + orientation);
                }
                out[y * outWidth + x] = in[sy * width + sx];
            }
        }
        return result;
    }
}
