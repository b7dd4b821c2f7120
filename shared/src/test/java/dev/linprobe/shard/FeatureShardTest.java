package dev.linprobe.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.features.ExtractorInfo;
import dev.linprobe.image.PreprocessSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureShardTest {

    private static final ExtractorInfo EXTRACTOR =
            new ExtractorInfo("tiny", "ab".repeat(32), "pool_out", 3, PreprocessSpec.IMAGENET);

    private static FeatureShard sample() {
        return new FeatureShard(List.of("b", "a café", "c+1"), new float[] {1, 2, 3, 4, 5, 6, -7.5f, Float.MIN_VALUE, 1e30f}, EXTRACTOR);
    }

    @Test
    void encode_decode_roundTripsEverything() {
        FeatureShard shard = sample();

        FeatureShard back = FeatureShard.decode(shard.encode(), "test");

        assertEquals(shard.ids(), back.ids());
        assertArrayEquals(shard.features(), back.features());
        assertEquals(shard.extractor(), back.extractor());
    }

    @Test
    void encode_layout_isPlainSafetensors() {
        byte[] bytes = sample().encode();

        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertEquals(0, headerLength % 8);
        assertTrue(header.contains("\"features\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,36]}"), header);
        assertEquals(8 + headerLength + 36, bytes.length);
        buffer.position((int) (8 + headerLength + 4 * 6));
        assertEquals(-7.5f, buffer.getFloat());
    }

    @Test
    void fileName_dependsOnIdsNotOrderOrValues() {
        FeatureShard shard = sample();
        FeatureShard reordered = new FeatureShard(List.of("c+1", "b", "a café"), new float[9], EXTRACTOR);
        FeatureShard other = new FeatureShard(List.of("b", "a café", "d"), new float[9], EXTRACTOR);

        assertEquals(shard.fileName(), reordered.fileName());
        assertNotEquals(shard.fileName(), other.fileName());
        assertTrue(shard.fileName().matches("shard-[0-9a-f]{20}\\.safetensors"), shard.fileName());
    }

    @Test
    void decode_truncatedBytes_namesSource() {
        byte[] bytes = sample().encode();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);

        ShardFormatException error = assertThrows(ShardFormatException.class,
                () -> FeatureShard.decode(truncated, "s3://bucket/features/x.safetensors"));

        assertTrue(error.getMessage().startsWith("s3://bucket/features/x.safetensors"), error.getMessage());
    }

    @Test
    void decode_garbage_rejected() {
        assertThrows(ShardFormatException.class, () -> FeatureShard.decode(new byte[3], "x"));
        assertThrows(ShardFormatException.class, () -> FeatureShard.decode("not a shard at all".getBytes(), "x"));
    }

    @Test
    void decode_otherVersion_rejectedWithVersion() {
        byte[] bytes = Safetensors.write(
                Map.of("features", new Safetensors.Tensor(new long[] {0, 3}, new float[0])),
                Map.of("format", FeatureShard.FORMAT, "format_version", "99"));

        ShardFormatException error = assertThrows(ShardFormatException.class, () -> FeatureShard.decode(bytes, "x"));

        assertTrue(error.getMessage().contains("version 99"), error.getMessage());
    }

    @Test
    void constructor_wrongLength_rejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FeatureShard(List.of("a"), new float[4], EXTRACTOR));

        assertTrue(error.getMessage().contains("found 4"), error.getMessage());
    }

    @Test
    void constructor_duplicateId_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureShard(List.of("a", "a"), new float[6], EXTRACTOR));
    }
}
