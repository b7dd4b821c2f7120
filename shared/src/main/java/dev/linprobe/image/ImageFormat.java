package dev.linprobe.image;

/** Image formats that {@link ImageDecoder} accepts, recognised by their leading signature bytes. */
enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    BMP("bmp"),
    GIF("gif");

    private final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    /** Returns the ImageIO format name that selects this format's readers. */
    String readerName() {
        return readerName;
    }

    /** Returns the format whose signature starts {@code bytes}, or null for any other data. */
    static ImageFormat detect(byte[] bytes) {
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(bytes, 'G', 'I', 'F', '8', '7', 'a') || startsWith(bytes, 'G', 'I', 'F', '8', '9', 'a')) {
            return GIF;
        }
        if (startsWith(bytes, 'B', 'M')) {
            return BMP;
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... signature) {
        if (bytes.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
