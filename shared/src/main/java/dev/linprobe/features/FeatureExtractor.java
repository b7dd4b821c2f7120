package dev.linprobe.features;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs a truncated ONNX image classifier over batches of preprocessed images and returns their
 * feature vectors.
 *
 * <p>One session per extractor; the process-wide {@link OrtEnvironment} is never closed here.
 * Instances are safe to share between threads, since ONNX Runtime sessions accept concurrent runs.
 */
public final class FeatureExtractor implements AutoCloseable {

    private static final Logger log = Logger.getLogger(FeatureExtractor.class);
    private static final AtomicBoolean CUDA_FALLBACK_WARNED = new AtomicBoolean();

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final ExtractorInfo info;
    private final int fixedBatch;
    private final boolean usingCuda;
    private volatile boolean closed;

    private FeatureExtractor(OrtEnvironment environment, OrtSession session, String inputName, ExtractorInfo info,
            int fixedBatch, boolean usingCuda) {
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
        this.info = info;
        this.fixedBatch = fixedBatch;
        this.usingCuda = usingCuda;
    }

    /**
     * Opens an extractor: truncates the model at its feature layer, starts an ONNX Runtime session
     * on the requested device (CPU when CUDA is unavailable, with one warning per process) and
     * measures the feature dimension with one blank image.
     *
     * @throws IllegalArgumentException when the model can't be read, has no feature layer, takes
     *     another input size than the preprocessing makes, or gives another dimension than expected
     */
    public static FeatureExtractor open(ExtractorSpec spec, ExecutionDevice device) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(spec.modelFile());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read model file " + spec.modelFile(), e);
        }
        FeatureGraph.Truncated truncated = FeatureGraph.truncate(bytes, spec.featureLayer(), spec.modelFile().toString());
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            boolean usingCuda = device.cuda() && addCuda(options, device);
            session = environment.createSession(truncated.model(), options);
            int crop = spec.preprocess().cropSize();
            int fixedBatch = checkInput(session, truncated.inputName(), crop, spec);
            FeatureExtractor probe = new FeatureExtractor(environment, session, truncated.inputName(), null, fixedBatch, usingCuda);
            int dimension = probe.measureDimension(crop);
            if (spec.expectedDimension() > 0 && dimension != spec.expectedDimension()) {
                throw new IllegalArgumentException(spec.modelFile() + ": feature layer " + truncated.featureLayer()
                        + " gives " + dimension + " features, expected " + spec.expectedDimension());
            }
            ExtractorInfo info = new ExtractorInfo(spec.name(), spec.sha256(), truncated.featureLayer(), dimension, spec.preprocess());
            log.infov("Opened feature extractor {0} ({1} features from {2}) on {3}", spec.name(), dimension,
                    truncated.featureLayer(), usingCuda ? device : "cpu");
            return new FeatureExtractor(environment, session, truncated.inputName(), info, fixedBatch, usingCuda);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IllegalArgumentException("ONNX Runtime failed to load " + spec.modelFile() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** Adds the CUDA provider, or returns false after one warning per process when it is unavailable. */
    private static boolean addCuda(OrtSession.SessionOptions options, ExecutionDevice device) {
        String reason;
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            reason = "this ONNX Runtime build has no CUDA execution provider (build with -Pgpu for the onnxruntime_gpu artifact)";
        } else {
            try {
                options.addCUDA(device.deviceId());
                return true;
            } catch (OrtException e) {
                reason = "CUDA could not start on device " + device.deviceId() + ": " + e.getMessage();
            }
        }
        if (CUDA_FALLBACK_WARNED.compareAndSet(false, true)) {
            log.warnv("CUDA was requested but {0}; running the feature extractor on the CPU", reason);
        }
        return false;
    }

    /** Checks the input layout against the preprocessing and returns the fixed batch size, or 0 if free. */
    private static int checkInput(OrtSession session, String inputName, int crop, ExtractorSpec spec) throws OrtException {
        NodeInfo input = session.getInputInfo().get(inputName);
        if (!(input.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 4) {
            throw new IllegalArgumentException(spec.modelFile() + ": input " + inputName
                    + " must be a 4-dimensional float tensor [N, 3, H, W], found " + input.getInfo());
        }
        long[] shape = tensor.getShape();
        if ((shape[1] > 0 && shape[1] != 3) || (shape[2] > 0 && shape[2] != crop) || (shape[3] > 0 && shape[3] != crop)) {
            throw new IllegalArgumentException(spec.modelFile() + ": input " + inputName + " has shape "
                    + java.util.Arrays.toString(shape) + ", but preprocessing makes [N, 3, " + crop + ", " + crop
                    + "]: set the crop size to the model's input size");
        }
        return shape[0] > 0 ? (int) shape[0] : 0;
    }

    private int measureDimension(int crop) throws OrtException {
        int batch = Math.max(1, fixedBatch);
        FloatBuffer zeros = allocate(batch * 3 * crop * crop);
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, zeros, new long[] {batch, 3, crop, crop});
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            long[] shape = ((TensorInfo) result.get(0).getInfo()).getShape();
            if (shape.length != 2 || shape[0] != batch) {
                throw new IllegalArgumentException("feature output has shape " + java.util.Arrays.toString(shape)
                        + ", expected [" + batch + ", D]");
            }
            return (int) shape[1];
        }
    }

    /** Allocates a direct native-order buffer, which ONNX Runtime reads without copying. */
    public static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Returns the identity of this extractor, stored with every shard and model. */
    public ExtractorInfo info() {
        return info;
    }

    /** Returns whether the session runs on CUDA. */
    public boolean usingCuda() {
        return usingCuda;
    }

    /** Returns the batch size the model requires, or 0 when any batch size works. */
    public int fixedBatchSize() {
        return fixedBatch;
    }

    /**
     * Runs the network on {@code count} preprocessed images laid out as float32 [count, 3, H, W]
     * from the buffer's position 0.
     *
     * @return row-major [count, D] features
     * @throws IllegalStateException when the extractor is closed
     */
    public float[] run(FloatBuffer images, int count) {
        if (closed) {
            throw new IllegalStateException("feature extractor " + info.name() + " is closed");
        }
        int crop = info.preprocess().cropSize();
        int perImage = 3 * crop * crop;
        if (fixedBatch > 0 && count != fixedBatch) {
            return runInFixedBatches(images, count, perImage);
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, images.duplicate().position(0).limit(count * perImage).slice(),
                        new long[] {count, 3, crop, crop});
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] features = new float[count * info.dimension()];
            output.get(features);
            return features;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + count + " images: " + e.getMessage(), e);
        }
    }

    private float[] runInFixedBatches(FloatBuffer images, int count, int perImage) {
        float[] features = new float[count * info.dimension()];
        FloatBuffer batch = allocate(fixedBatch * perImage);
        for (int start = 0; start < count; start += fixedBatch) {
            int size = Math.min(fixedBatch, count - start);
            batch.clear();
            batch.put(images.duplicate().position(start * perImage).limit((start + size) * perImage));
            while (batch.position() < fixedBatch * perImage) {
                batch.put(0f);
            }
            float[] part = run(batch, fixedBatch);
            System.arraycopy(part, 0, features, start * info.dimension(), size * info.dimension());
        }
        return features;
    }

    /** Closes the session; the shared environment stays open. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(session);
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            log.warnv(e, "Failed to close an ONNX Runtime session");
        }
    }
}
