package dev.linprobe.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {

    @TempDir
    Path folder;

    @Test
    void build_realData_writesFilesAndCsv() throws IOException {
        Path output = folder.resolve("demo");

        DemoFiles files = new DemoDataset(IdxFiles.requireFashionMnist()).build(output, 50, 20, 42);

        assertEquals(output.resolve("train"), files.trainFolder());
        assertEquals(output.resolve("labels.csv"), files.labelsCsv());
        assertEquals(output.resolve("predict"), files.predictFolder());
        assertEquals(output.resolve("predict-truth.csv"), files.predictTruthCsv());
        assertEquals(50, files.trainCount());
        assertEquals(20, files.predictCount());
        assertEquals(50, pngNames(files.trainFolder()).size());
        assertEquals(20, pngNames(files.predictFolder()).size());

        List<String> labelLines = Files.readAllLines(files.labelsCsv(), StandardCharsets.UTF_8);
        assertEquals("id,Label", labelLines.get(0));
        assertEquals(51, labelLines.size());
        List<String> ids = labelLines.subList(1, labelLines.size()).stream().map(line -> line.split(",", 2)[0]).toList();
        assertEquals(pngNames(files.trainFolder()).stream().map(name -> name.replace(".png", "")).toList(), ids);
        for (String line : labelLines.subList(1, labelLines.size())) {
            assertTrue(line.matches("train-\\d{6},.+"), line);
            assertTrue(FashionMnist.CLASS_NAMES.contains(line.split(",", 2)[1]), line);
        }

        List<String> truthLines = Files.readAllLines(files.predictTruthCsv(), StandardCharsets.UTF_8);
        assertEquals("id,Label", truthLines.get(0));
        assertEquals(21, truthLines.size());
        for (String line : truthLines.subList(1, truthLines.size())) {
            assertTrue(line.matches("test-\\d{6},.+"), line);
        }
    }

    @Test
    void build_realData_labelsMatchIdx() throws IOException {
        Path fashionMnist = IdxFiles.requireFashionMnist();
        DemoFiles files = new DemoDataset(fashionMnist).build(folder.resolve("demo"), 50, 20, 7);
        LabelledImages test = FashionMnist.read(fashionMnist, FashionMnist.Split.TEST);

        for (String line : Files.readAllLines(files.predictTruthCsv()).subList(1, 21)) {
            String[] fields = line.split(",", 2);
            int index = Integer.parseInt(fields[0].substring("test-".length()));
            assertEquals(FashionMnist.className(test.label(index)), fields[1], line);
        }
    }

    @Test
    void build_realData_pngPixelsEqualIdx() throws IOException {
        Path fashionMnist = IdxFiles.requireFashionMnist();
        DemoFiles files = new DemoDataset(fashionMnist).build(folder.resolve("demo"), 50, 20, 42);
        IdxImages train = FashionMnist.read(fashionMnist, FashionMnist.Split.TRAIN).images();
        IdxImages test = FashionMnist.read(fashionMnist, FashionMnist.Split.TEST).images();

        for (String name : pngNames(files.trainFolder()).subList(0, 5)) {
            int index = Integer.parseInt(name.substring("train-".length(), name.length() - ".png".length()));
            assertPngEquals(train.image(index), files.trainFolder().resolve(name));
        }
        for (String name : pngNames(files.predictFolder()).subList(0, 5)) {
            int index = Integer.parseInt(name.substring("test-".length(), name.length() - ".png".length()));
            assertPngEquals(test.image(index), files.predictFolder().resolve(name));
        }
    }

    @Test
    void build_classNames_writtenAsLabels() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 10);

        DemoFiles files = new DemoDataset(source).build(folder.resolve("demo"), 10, 10, 1);

        List<String> lines = Files.readAllLines(files.labelsCsv());
        assertEquals("train-000000,T-shirt/top", lines.get(1));
        assertEquals("train-000009,Ankle boot", lines.get(10));
        assertEquals("test-000000,T-shirt/top", Files.readAllLines(files.predictTruthCsv()).get(1));
    }

    @Test
    void build_sameSeed_sameSample() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 40);
        DemoDataset builder = new DemoDataset(source);

        DemoFiles first = builder.build(folder.resolve("first"), 10, 5, 3);
        DemoFiles second = builder.build(folder.resolve("second"), 10, 5, 3);
        DemoFiles otherSeed = builder.build(folder.resolve("other"), 10, 5, 4);

        assertEquals(Files.readAllLines(first.labelsCsv()), Files.readAllLines(second.labelsCsv()));
        assertEquals(Files.readAllLines(first.predictTruthCsv()), Files.readAllLines(second.predictTruthCsv()));
        assertNotEquals(Files.readAllLines(first.labelsCsv()), Files.readAllLines(otherSeed.labelsCsv()));
    }

    @Test
    void build_otherTrainCount_samePredictSample() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 40);
        DemoDataset builder = new DemoDataset(source);

        DemoFiles small = builder.build(folder.resolve("small"), 5, 8, 11);
        DemoFiles large = builder.build(folder.resolve("large"), 30, 8, 11);

        assertEquals(Files.readAllLines(small.predictTruthCsv()), Files.readAllLines(large.predictTruthCsv()));
    }

    @Test
    void build_again_replacesEarlierFiles() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 40);
        Path output = folder.resolve("demo");
        Files.createDirectories(output);
        Files.writeString(output.resolve("notes.txt"), "mine");
        DemoDataset builder = new DemoDataset(source);

        builder.build(output, 30, 20, 5);
        DemoFiles files = builder.build(output, 6, 4, 6);

        assertEquals(6, pngNames(files.trainFolder()).size());
        assertEquals(4, pngNames(files.predictFolder()).size());
        assertEquals(7, Files.readAllLines(files.labelsCsv()).size());
        assertEquals(5, Files.readAllLines(files.predictTruthCsv()).size());
        assertEquals("mine", Files.readString(output.resolve("notes.txt")));
        try (Stream<Path> entries = Files.list(output)) {
            assertEquals(List.of("labels.csv", "notes.txt", "predict", "predict-truth.csv", "train"),
                    entries.map(path -> path.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void build_foreignFileInTrain_rejectedAndKept() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 10);
        Path output = folder.resolve("demo");
        Path foreign = output.resolve("train").resolve("holiday.jpg");
        Files.createDirectories(foreign.getParent());
        Files.writeString(foreign, "photo");
        Path own = Files.writeString(output.resolve("train").resolve("train-000001.png"), "old");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DemoDataset(source).build(output, 5, 5, 1));

        assertTrue(e.getMessage().contains(output.resolve("train").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("holiday.jpg"), e.getMessage());
        assertTrue(Files.exists(foreign));
        assertTrue(Files.exists(own), "nothing is deleted when the build is rejected");
        assertTrue(Files.notExists(output.resolve("labels.csv")));
    }

    @Test
    void build_subfolderInPredict_rejected() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 10);
        Path output = folder.resolve("demo");
        Files.createDirectories(output.resolve("predict").resolve("test-000001.png"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DemoDataset(source).build(output, 5, 5, 1));

        assertTrue(e.getMessage().contains("test-000001.png"), e.getMessage());
    }

    @Test
    void build_countAboveSplit_rejected() throws IOException {
        Path source = folder.resolve("source");
        IdxFiles.writeTinyFashionMnist(source, 10);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DemoDataset(source).build(folder.resolve("demo"), 11, 5, 1));

        assertEquals("training image count is 11 but the split contains only 10 images; pass at most 10", e.getMessage());
    }

    @Test
    void build_zeroPredictCount_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DemoDataset(folder).build(folder.resolve("demo"), 5, 0, 1));

        assertEquals("count of images to predict is 0 but must be at least 1", e.getMessage());
    }

    private static List<String> pngNames(Path pngFolder) throws IOException {
        try (Stream<Path> entries = Files.list(pngFolder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertPngEquals(byte[] expected, Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(28, image.getWidth(), png.toString());
        assertEquals(28, image.getHeight(), png.toString());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType(), png.toString());
        assertArrayEquals(expected, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), png.toString());
    }
}
