package dev.linprobe.pipeline;

import java.util.Locale;
import java.util.Set;

/** Rules that map object keys and file names to image ids. */
public final class ImageKeys {

    /** File extensions read as images, lowercase. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private ImageKeys() {}

    /** Returns whether the key or file name ends in an image extension, case-insensitively. */
    public static boolean isImage(String key) {
        int dot = key.lastIndexOf('.');
        int slash = key.lastIndexOf('/');
        return dot > slash + 1 && IMAGE_EXTENSIONS.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Returns the image id of a key: its file name without the extension, in Unicode normal form
     * NFC, so {@code images/cats/cat 1.png} has the id {@code cat 1} and an accent typed either way
     * gives the same id.
     */
    public static String idOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return java.text.Normalizer.normalize(dot > 0 ? name.substring(0, dot) : name, java.text.Normalizer.Form.NFC);
    }
}
