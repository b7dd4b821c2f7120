package dev.linprobe.demo;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jboss.logging.Logger;

/**
 * Builds a demo data set from Fashion-MNIST: training PNGs with a labels file, and PNGs to predict
 * with their true labels kept in a separate file for scoring.
 *
 * <p>The output folder receives {@code train/} with PNGs named {@code train-NNNNNN.png}, where
 * {@code NNNNNN} is the index of the image in the 60,000 training images, {@code labels.csv},
 * {@code predict/} with PNGs named {@code test-NNNNNN.png} after the index in the 10,000 test images,
 * and {@code predict-truth.csv}. Both CSV files have the header {@code id,Label}, where the id is the
 * file name without {@code .png} and the label is the class name, such as {@code Ankle boot}. Rows are
 * sorted by id and lines end with LF.
 *
 * <p>Each split is a uniform sample without replacement, so class counts are not balanced and vary
 * around one tenth each. The same seed and counts always select the same images, and the images to
 * predict do not depend on the training count.
 */
public final class DemoDataset {

    /** Number of training images when the caller has no preference. */
    public static final int DEFAULT_TRAIN_COUNT = 7_000;

    /** Number of images to predict when the caller has no preference. */
    public static final int DEFAULT_PREDICT_COUNT = 1_000;

    /** Name of the folder of training PNGs inside the output folder. */
    public static final String TRAIN_FOLDER = "train";

    /** Name of the folder of PNGs to predict inside the output folder. */
    public static final String PREDICT_FOLDER = "predict";

    /** Name of the labels file of the training PNGs. */
    public static final String LABELS_FILE = "labels.csv";

    /** Name of the file with the true labels of the PNGs to predict. */
    public static final String PREDICT_TRUTH_FILE = "predict-truth.csv";

    private static final Logger log = Logger.getLogger(DemoDataset.class);

    private static final String TRAIN_PREFIX = "train-";
    private static final String PREDICT_PREFIX = "test-";
    private static final Pattern TRAIN_PNG = Pattern.compile("train-\\d{6}\\.png");
    private static final Pattern PREDICT_PNG = Pattern.compile("test-\\d{6}\\.png");
    private static final int MAX_THREADS = 4;

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder()
            .setHeader("id", "Label")
            .setRecordSeparator('\n')
            .get();

    private final Path sourceFolder;

    /**
     * Creates a builder that reads Fashion-MNIST from a folder with the four IDX files, such as the
     * one that {@link FashionMnist#locate} returns.
     */
    public DemoDataset(Path sourceFolder) {
        this.sourceFolder = sourceFolder;
    }

    /**
     * Writes the demo data set into {@code outputFolder}, creating it when needed and replacing the
     * files of an earlier build. Before anything is written, {@code train/} and {@code predict/} must
     * contain nothing but PNGs named as this builder names them, because both are emptied first.
     * Other files in the output folder are left alone.
     *
     * @param trainCount the number of training images, from 1 to the number in the training split
     * @param predictCount the number of images to predict, from 1 to the number in the test split
     * @param seed the seed of the sample
     * @throws IllegalArgumentException if a count is out of range
     * @throws IllegalStateException if {@code train/} or {@code predict/} contains a file that this
     *     builder does not write
     * @throws IdxFormatException if the Fashion-MNIST files are missing or invalid
     * @throws UncheckedIOException if writing fails
     */
    public DemoFiles build(Path outputFolder, int trainCount, int predictCount, long seed) {
        if (trainCount < 1) {
            throw new IllegalArgumentException("training image count is " + trainCount + " but must be at least 1");
        }
        if (predictCount < 1) {
            throw new IllegalArgumentException("count of images to predict is " + predictCount + " but must be at least 1");
        }
        Path trainFolder = outputFolder.resolve(TRAIN_FOLDER);
        Path predictFolder = outputFolder.resolve(PREDICT_FOLDER);
        checkOnlyOwnFiles(trainFolder, TRAIN_PNG);
        checkOnlyOwnFiles(predictFolder, PREDICT_PNG);

        long start = System.nanoTime();
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRandom = root.split();
        SplittableRandom predictRandom = root.split();

        LabelledImages train = FashionMnist.read(sourceFolder, FashionMnist.Split.TRAIN);
        int[] trainIndexes = sample(train.size(), trainCount, trainRandom, "training image count");
        LabelledImages test = FashionMnist.read(sourceFolder, FashionMnist.Split.TEST);
        int[] predictIndexes = sample(test.size(), predictCount, predictRandom, "count of images to predict");

        Path labelsCsv = outputFolder.resolve(LABELS_FILE);
        Path predictTruthCsv = outputFolder.resolve(PREDICT_TRUTH_FILE);
        try {
            Files.createDirectories(outputFolder);
            int threads = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                writeSplit(train, trainIndexes, trainFolder, TRAIN_PREFIX, labelsCsv, pool);
                writeSplit(test, predictIndexes, predictFolder, PREDICT_PREFIX, predictTruthCsv, pool);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write the demo data set into " + outputFolder + ": " + e.getMessage(), e);
        }

        log.infof("Wrote %d training images and %d images to predict into %s in %d ms (seed %d)",
                trainCount, predictCount, outputFolder, (System.nanoTime() - start) / 1_000_000, seed);
        return new DemoFiles(outputFolder, trainFolder, labelsCsv, trainCount, predictFolder, predictTruthCsv, predictCount);
    }

    /** Returns the id of an image: the file name without {@code .png}, such as {@code train-000123}. */
    static String id(String prefix, int index) {
        return String.format("%s%06d", prefix, index);
    }

    /** Rejects a folder with any entry that does not match {@code ownFile}, so that a user's folder is never emptied. */
    private static void checkOnlyOwnFiles(Path folder, Pattern ownFile) {
        if (!Files.exists(folder)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(folder + " exists but is not a folder; remove it or choose another output folder");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!ownFile.matcher(name).matches() || !Files.isRegularFile(entry)) {
                    throw new IllegalStateException("cannot replace the demo images in " + folder + " because it contains "
                            + name + ", which the demo builder did not write; choose an empty or new output folder, or"
                            + " remove " + entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Draws {@code count} distinct indexes from {@code [0, size)} with a partial Fisher-Yates shuffle
     * and returns them in ascending order.
     */
    private static int[] sample(int size, int count, SplittableRandom random, String countName) {
        if (count > size) {
            throw new IllegalArgumentException(countName + " is " + count + " but the split contains only " + size
                    + " images; pass at most " + size);
        }
        int[] indexes = new int[size];
        Arrays.setAll(indexes, i -> i);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            int swap = indexes[i];
            indexes[i] = indexes[j];
            indexes[j] = swap;
        }
        int[] chosen = Arrays.copyOf(indexes, count);
        Arrays.sort(chosen);
        return chosen;
    }

    private static void writeSplit(LabelledImages data, int[] indexes, Path folder, String prefix, Path csv,
            ExecutorService pool) throws IOException {
        clearFolder(folder);
        Files.createDirectories(folder);

        List<Callable<Void>> tasks = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            Path png = folder.resolve(id(prefix, index) + ".png");
            tasks.add(() -> {
                writePng(data.images(), index, png);
                return null;
            });
        }
        runAll(pool, tasks);

        Path partial = Files.createTempFile(csv.getParent(), csv.getFileName().toString(), ".part");
        try {
            try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(writer, CSV)) {
                for (int index : indexes) {
                    printer.printRecord(id(prefix, index), FashionMnist.className(data.label(index)));
                }
            }
            Files.move(partial, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Deletes the files of an earlier build, which are the only files there because {@link #checkOnlyOwnFiles} passed. */
    private static void clearFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                Files.delete(entry);
            }
        }
    }

    private static void runAll(ExecutorService pool, List<Callable<Void>> tasks) throws IOException {
        List<Future<Void>> futures;
        try {
            futures = pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing images", e);
        }
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing images", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw new IllegalStateException("writing an image failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static void writePng(IdxImages images, int index, Path png) {
        BufferedImage image = new BufferedImage(images.columns(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        byte[] source = images.image(index);
        // A TYPE_BYTE_GRAY raster created here has a scanline stride equal to its width, so the IDX rows copy as one block.
        System.arraycopy(source, 0, target, 0, source.length);
        try {
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer is registered with ImageIO");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write " + png + ": " + e.getMessage(), e);
        }
    }
}
