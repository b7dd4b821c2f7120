package dev.linprobe.image;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Size limits that keep one hostile image from exhausting memory. */
class ImageDecoderLimitsTest {

    /** Returns a PNG with only a header chunk: enough for the reader to report size and type. */
    private static byte[] pngHeader(int width, int height, int bitDepth, int colourType) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream fields = new DataOutputStream(header);
        fields.writeInt(width);
        fields.writeInt(height);
        fields.writeByte(bitDepth);
        fields.writeByte(colourType);
        fields.writeByte(0);
        fields.writeByte(0);
        fields.writeByte(0);
        chunk(out, "IHDR", header.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void decode_sixteenBitRgbaUnderPixelLimit_rejectedByRasterSize() throws IOException {
        byte[] png = pngHeader(9400, 9400, 16, 6);

        ImageDecodeException error = assertThrows(ImageDecodeException.class,
                () -> new ImageDecoder().decode(png, "bomb.png"));

        assertTrue(error.getMessage().contains("bomb.png"), error.getMessage());
        assertTrue(error.getMessage().contains("674 MiB"), error.getMessage());
        assertTrue(error.getMessage().contains("8 bits per channel"), error.getMessage());
    }

    @Test
    void decode_overPixelLimit_rejectedBeforeReading() throws IOException {
        byte[] png = pngHeader(20_000, 20_000, 8, 2);

        ImageDecodeException error = assertThrows(ImageDecodeException.class,
                () -> new ImageDecoder().decode(png, "wide.png"));

        assertTrue(error.getMessage().contains("20000x20000"), error.getMessage());
    }
}
