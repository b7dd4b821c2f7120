package dev.linprobe.features;

import java.util.Locale;

/**
 * The device ONNX Runtime runs the extractor on.
 *
 * @param cuda whether to request the CUDA execution provider
 * @param deviceId the CUDA device index; ignored on CPU
 */
public record ExecutionDevice(boolean cuda, int deviceId) {

    /** The CPU execution provider. */
    public static final ExecutionDevice CPU = new ExecutionDevice(false, 0);

    /**
     * Parses {@code cpu}, {@code cuda} or {@code cuda:N}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static ExecutionDevice parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("cpu")) {
            return CPU;
        }
        if (text.equals("cuda") || text.equals("gpu")) {
            return new ExecutionDevice(true, 0);
        }
        if (text.startsWith("cuda:")) {
            try {
                int id = Integer.parseInt(text.substring(5));
                if (id >= 0) {
                    return new ExecutionDevice(true, id);
                }
            } catch (NumberFormatException e) {
                // Falls through to the error below, which names the accepted forms.
            }
        }
        throw new IllegalArgumentException("invalid device '" + value + "': expected cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + deviceId : "cpu";
    }
}
