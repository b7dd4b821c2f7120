package dev.linprobe.shard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format with float32 tensors and string metadata.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length, a UTF-8 JSON header padded with spaces
 * to a multiple of 8 bytes, then the raw little-endian tensor data. The header maps each tensor name
 * to {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} and contains string-to-string
 * metadata under {@code "__metadata__"}. Python reads these files with {@code safetensors.numpy.load_file}
 * or with a few lines of {@code json} and {@code numpy}.
 */
public final class Safetensors {

    /** The largest header this reader accepts, as the reference implementation does (100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /** A named float32 tensor: its shape and its values in row-major order. */
    public record Tensor(long[] shape, float[] values) {
        /** Checks that the number of values matches the shape. */
        public Tensor {
            long count = 1;
            for (long dim : shape) {
                if (dim < 0) {
                    throw new IllegalArgumentException("tensor dimensions must be non-negative, found " + Arrays.toString(shape));
                }
                count = Math.multiplyExact(count, dim);
            }
            if (count != values.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " needs " + count + " values, found " + values.length);
            }
        }
    }

    /** The tensors and metadata of one file, in the order they were written. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Encodes tensors and metadata into safetensors bytes, tensors laid out in map order. */
    public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            if (entry.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor can't be named __metadata__");
            }
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long dim : entry.getValue().shape()) {
                shape.add(dim);
            }
            long bytes = 4L * entry.getValue().values().length;
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }

        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode a safetensors header", e);
        }
        int padded = (headerBytes.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors file of " + total + " bytes is too large for one array");
        }

        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(headerBytes);
        for (int i = headerBytes.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor tensor : tensors.values()) {
            out.asFloatBuffer().put(tensor.values());
            out.position(out.position() + 4 * tensor.values().length);
        }
        return out.array();
    }

    /**
     * Decodes safetensors bytes holding only float32 tensors.
     *
     * @param source names the file in error messages, for example {@code s3://bucket/key}
     * @throws ShardFormatException when the bytes are not a valid float32 safetensors file
     */
    public static Contents read(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new ShardFormatException(source + ": not a safetensors file: " + bytes.length
                    + " bytes is shorter than the 8-byte header length");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8L) {
            throw new ShardFormatException(source + ": not a safetensors file: header length " + headerLength
                    + " is invalid for a file of " + bytes.length + " bytes");
        }

        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ShardFormatException(source + ": safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new ShardFormatException(source + ": safetensors header must be a JSON object");
        }

        long dataStart = 8 + headerLength;
        long dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(field.getKey(), readTensor(field.getKey(), field.getValue(), in, dataStart, dataLength, source));
        }
        return new Contents(tensors, metadata);
    }

    private static Tensor readTensor(String name, JsonNode info, ByteBuffer in, long dataStart, long dataLength, String source) {
        String dtype = info.path("dtype").asText();
        if (!dtype.equals("F32")) {
            throw new ShardFormatException(source + ": tensor '" + name + "' has dtype " + dtype + ", expected F32");
        }
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new ShardFormatException(source + ": tensor '" + name + "' needs a shape array and two data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new ShardFormatException(source + ": tensor '" + name + "' has an invalid shape " + shapeNode);
            }
            count = Math.multiplyExact(count, shape[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength || end - begin != 4 * count) {
            throw new ShardFormatException(source + ": tensor '" + name + "' has data_offsets [" + begin + ", " + end
                    + "] that don't fit its shape " + shapeNode + " or the " + dataLength + " data bytes");
        }
        float[] values = new float[(int) count];
        in.position((int) (dataStart + begin));
        in.asFloatBuffer().get(values);
        return new Tensor(shape, values);
    }
}
