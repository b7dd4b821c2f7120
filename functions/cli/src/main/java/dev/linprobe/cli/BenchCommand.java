package dev.linprobe.cli;

import dev.linprobe.features.ExtractorSpec;
import dev.linprobe.features.FeatureExtractor;
import dev.linprobe.image.ImageDecoder;
import dev.linprobe.image.Preprocessor;
import dev.linprobe.train.Optimizer;
import dev.linprobe.train.SoftmaxTrainer;
import dev.linprobe.train.SoftmaxTrainerConfig;
import dev.linprobe.train.TrainingData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code linprobe bench}: measures the speed of each stage on this machine with synthetic inputs and
 * prints the figures: decoding, preprocessing, network throughput, and trainer time per epoch.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures decode, preprocess, feature extraction and training speed on this machine.")
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--images", paramLabel = "N", defaultValue = "256",
            description = "Images per measurement (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "640", description = "Width of the synthetic JPEGs (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "480", description = "Height of the synthetic JPEGs (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--train-rows", paramLabel = "N", defaultValue = "7000",
            description = "Rows of synthetic features for the trainer measurement (default: ${DEFAULT-VALUE}).")
    int trainRows;

    @Option(names = "--compare-cpu",
            description = "With --device cuda: also extract the same images on the CPU, print the largest difference, "
                    + "and fail when it exceeds --tolerance.")
    boolean compareCpu;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "0.001",
            description = "Largest allowed difference between CUDA and CPU features, relative to the largest CPU feature "
                    + "(default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws IOException {
        if (images < 1 || trainRows < 20) {
            throw new IllegalArgumentException("--images must be at least 1 and --train-rows at least 20");
        }
        java.util.logging.Logger.getLogger("dev.linprobe").setLevel(java.util.logging.Level.WARNING);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "linprobe bench: %d processors, max heap %d MiB, Java %s%n",
                runtime.availableProcessors(), runtime.maxMemory() >> 20, System.getProperty("java.version"));

        byte[] jpeg = syntheticJpeg(width, height, 7);
        ImageDecoder decoder = new ImageDecoder();
        BufferedImage decoded = null;
        for (int i = 0; i < 20; i++) {
            decoded = decoder.decode(jpeg, "bench.jpg");
        }
        long start = System.nanoTime();
        for (int i = 0; i < images; i++) {
            decoded = decoder.decode(jpeg, "bench.jpg");
        }
        report("decode " + width + "x" + height + " JPEG (1 thread)", images, System.nanoTime() - start);

        ExtractorSpec spec = model.resolve();
        Preprocessor preprocessor = new Preprocessor(spec.preprocess());
        int batch = Math.min(images, model.batchSize());
        FloatBuffer buffer = FeatureExtractor.allocate(batch * preprocessor.floatsPerImage());
        for (int i = 0; i < 20; i++) {
            preprocessor.preprocess(decoded, buffer, 0);
        }
        start = System.nanoTime();
        for (int i = 0; i < images; i++) {
            preprocessor.preprocess(decoded, buffer, (i % batch) * preprocessor.floatsPerImage());
        }
        report("resize, crop and normalise (1 thread)", images, System.nanoTime() - start);

        try (FeatureExtractor extractor = FeatureExtractor.open(spec, model.executionDevice())) {
            extractor.run(buffer, batch);
            int runs = Math.max(1, images / batch);
            start = System.nanoTime();
            for (int r = 0; r < runs; r++) {
                extractor.run(buffer, batch);
            }
            report(String.format(Locale.ROOT, "%s features, batch %d (%s)", spec.name(), batch,
                    extractor.usingCuda() ? "cuda" : "cpu"), runs * batch, System.nanoTime() - start);
            if (compareCpu) {
                compareWithCpu(spec, extractor, buffer, batch);
            }
            benchTrainer(extractor.info().dimension());
        }
        long used = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf(Locale.ROOT, "heap in use at the end: %d MiB%n", used >> 20);
        return 0;
    }

    /**
     * Extracts one batch on the CPU too and compares it with the device's features.
     *
     * @throws IllegalStateException when the device is not CUDA, or the difference exceeds the tolerance
     */
    private void compareWithCpu(ExtractorSpec spec, FeatureExtractor device, FloatBuffer buffer, int batch) {
        if (!device.usingCuda()) {
            throw new IllegalStateException("--compare-cpu needs a running CUDA device, but the extractor runs on the CPU: "
                    + "build with -Pgpu and pass --device cuda on a machine with an NVIDIA GPU");
        }
        float[] onDevice = device.run(buffer, batch);
        float[] onCpu;
        try (FeatureExtractor cpu = FeatureExtractor.open(spec, dev.linprobe.features.ExecutionDevice.CPU)) {
            onCpu = cpu.run(buffer, batch);
        }
        double largest = 0;
        double difference = 0;
        for (int i = 0; i < onCpu.length; i++) {
            largest = Math.max(largest, Math.abs(onCpu[i]));
            difference = Math.max(difference, Math.abs(onCpu[i] - onDevice[i]));
        }
        double relative = largest == 0 ? difference : difference / largest;
        System.out.printf(Locale.ROOT, "%-48s %9.2e (largest |difference| %.3e, largest |feature| %.3e, %d values)%n",
                "cuda vs cpu features, relative difference", relative, difference, largest, onCpu.length);
        if (relative > tolerance) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "CUDA features differ from CPU features by %.3e relative, above the tolerance %.1e", relative, tolerance));
        }
    }

    private void benchTrainer(int dimension) {
        TrainingData data = syntheticFeatures(trainRows, dimension, 10);
        for (Optimizer optimizer : Optimizer.values()) {
            int epochs = 10;
            SoftmaxTrainerConfig config = SoftmaxTrainerConfig.defaults().withOptimizer(optimizer).withEpochs(epochs);
            long start = System.nanoTime();
            new SoftmaxTrainer(config).train(data, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-48s %9.3f s per epoch (%d rows x %d features, 10 classes, %d epochs)%n",
                    "train " + optimizer.name().toLowerCase(Locale.ROOT) + " (with per-epoch metrics)", seconds / epochs,
                    trainRows, dimension, epochs);
        }
    }

    private static void report(String stage, int count, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-48s %9.1f images/s  %8.3f ms/image%n", stage, count / seconds, 1000 * seconds / count);
    }

    private static byte[] syntheticJpeg(int width, int height, long seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int base = (x * 255 / width) << 16 | (y * 255 / height) << 8;
                image.setRGB(x, y, base | random.nextInt(256));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static TrainingData syntheticFeatures(int rows, int dimension, int classes) {
        Random random = new Random(3);
        float[][] centres = new float[classes][dimension];
        for (float[] centre : centres) {
            for (int j = 0; j < dimension; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
        float[] features = new float[rows * dimension];
        int[] labels = new int[rows];
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = i % classes;
            ids.add("r" + i);
            for (int j = 0; j < dimension; j++) {
                features[i * dimension + j] = centres[labels[i]][j] + 2f * (float) random.nextGaussian();
            }
        }
        return new TrainingData(ids, features, dimension, labels, names);
    }
}
