package dev.linprobe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linprobe.train.EpochMetrics;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class LearningCurvesTest {

    private static final int TRAINING_RGB = 0x1F77B4;
    private static final int VALIDATION_RGB = 0xFF7F0E;

    private static List<EpochMetrics> epochs(int count, boolean validation) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= count; epoch++) {
            double trainLoss = 2.0 / epoch;
            double trainAccuracy = 1.0 - 0.5 / epoch;
            double validationLoss = validation ? 2.2 / epoch + 0.01 * epoch / count : Double.NaN;
            double validationAccuracy = validation ? 0.95 - 0.5 / epoch : Double.NaN;
            epochs.add(new EpochMetrics(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy));
        }
        return epochs;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "ImageIO could not decode the PNG");
        return image;
    }

    private static Set<Integer> colors(BufferedImage image) {
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colors.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb == TRAINING_RGB || rgb == VALIDATION_RGB) {
                    colors.add(rgb);
                }
            }
        }
        return colors;
    }

    private static Document parseXml(byte[] svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        // JFreeSVG writes an SVG DOCTYPE, so the parser must skip the external DTD, not fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    @Test
    void rendering_isHeadless() {
        LearningCurves.png(epochs(2, true), OptionalInt.of(2));

        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void png_withValidation_drawsBothSeries() throws IOException {
        BufferedImage image = decode(LearningCurves.png(epochs(20, true), OptionalInt.of(12)));
        Set<Integer> colors = colors(image);

        assertEquals(LearningCurves.WIDTH, image.getWidth());
        assertEquals(LearningCurves.HEIGHT, image.getHeight());
        assertTrue(colors.size() > 3, "expected a drawn chart, found colors " + colors);
        assertTrue(colors.contains(TRAINING_RGB), "training series color missing");
        assertTrue(colors.contains(VALIDATION_RGB), "validation series color missing");
    }

    @Test
    void png_nanValidation_skipsSeries() throws IOException {
        BufferedImage image = decode(LearningCurves.png(epochs(5, false), OptionalInt.empty()));
        Set<Integer> colors = colors(image);

        assertTrue(colors.contains(TRAINING_RGB), "training series color missing");
        assertFalse(colors.contains(VALIDATION_RGB), "validation series drawn although every value is NaN");
    }

    @Test
    void png_singleEpoch_rendered() throws IOException {
        BufferedImage image = decode(LearningCurves.png(epochs(1, true), OptionalInt.of(1)));

        assertEquals(LearningCurves.WIDTH, image.getWidth());
        assertTrue(colors(image).contains(TRAINING_RGB), "single training point missing");
    }

    @Test
    void png_manyEpochs_rendered() throws IOException {
        BufferedImage image = decode(LearningCurves.png(epochs(600, true), OptionalInt.of(450)));

        assertEquals(LearningCurves.HEIGHT, image.getHeight());
        assertTrue(colors(image).contains(VALIDATION_RGB), "validation series color missing");
    }

    @Test
    void svg_parsesAndNamesSeries() throws Exception {
        byte[] svg = LearningCurves.svg(epochs(30, true), OptionalInt.of(17));

        Document document = parseXml(svg);
        String text = document.getDocumentElement().getTextContent();

        assertEquals("svg", document.getDocumentElement().getLocalName() == null
                ? document.getDocumentElement().getTagName()
                : document.getDocumentElement().getLocalName());
        assertTrue(text.contains(LearningCurves.TRAINING_ACCURACY), text);
        assertTrue(text.contains(LearningCurves.VALIDATION_ACCURACY), text);
        assertTrue(text.contains(LearningCurves.TRAINING_LOSS), text);
        assertTrue(text.contains(LearningCurves.VALIDATION_LOSS), text);
        assertTrue(text.contains("best epoch 17"), text);
    }

    @Test
    void svg_fromReport_omitsMissingValidation() throws Exception {
        ConfusionMatrix matrix = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1}, List.of("a", "b"));
        MetricsReport report = MetricsReport.of(epochs(3, false), matrix, "train", null);

        String text = parseXml(LearningCurves.svg(report)).getDocumentElement().getTextContent();

        assertTrue(text.contains(LearningCurves.TRAINING_LOSS), text);
        assertFalse(text.contains(LearningCurves.VALIDATION_LOSS), text);
        assertFalse(text.contains("best epoch"), text);
    }

    @Test
    void png_noEpochs_rejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LearningCurves.png(List.of(), OptionalInt.empty()));

        assertTrue(error.getMessage().contains("epochs is empty"), error.getMessage());
    }
}
