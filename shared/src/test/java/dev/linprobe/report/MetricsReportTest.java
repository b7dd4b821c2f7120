package dev.linprobe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linprobe.train.EpochMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MetricsReportTest {

    private static final List<EpochMetrics> WITH_VALIDATION = List.of(
            new EpochMetrics(1, 1.0, 0.5, 1.1, 0.4),
            new EpochMetrics(2, 0.7, 0.7, 0.9, 0.6),
            new EpochMetrics(3, 0.5, 0.8, 0.95, 0.6));

    private static final List<EpochMetrics> WITHOUT_VALIDATION = List.of(
            new EpochMetrics(1, 1.0, 0.5, Double.NaN, Double.NaN),
            new EpochMetrics(2, 0.6, 0.75, Double.NaN, Double.NaN));

    private static final ConfusionMatrix MATRIX =
            ConfusionMatrix.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, List.of("cat", "dog"));

    private static Map<String, Object> run() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("optimizer", "lbfgs");
        run.put("seed", 42);
        run.put("trainSeconds", 12.5);
        return run;
    }

    @Test
    void findBestEpoch_accuracyTie_lowerLoss() {
        assertEquals(OptionalInt.of(1), MetricsReport.findBestEpoch(WITH_VALIDATION));
    }

    @Test
    void findBestEpoch_noValidation_empty() {
        assertEquals(OptionalInt.empty(), MetricsReport.findBestEpoch(WITHOUT_VALIDATION));
    }

    @Test
    void of_fillsBestAndPerClass() {
        MetricsReport report = MetricsReport.of(WITH_VALIDATION, MATRIX, "validation", run());

        assertEquals(2, report.bestEpoch());
        assertEquals(0.6, report.bestValidationAccuracy());
        assertEquals(0.9, report.bestValidationLoss());
        assertEquals(0.75, report.accuracy());
        assertEquals(List.of("cat", "dog"), report.classNames());
        assertArrayEquals(new int[] {1, 1}, report.confusionMatrix()[0]);
        assertArrayEquals(new int[] {0, 2}, report.confusionMatrix()[1]);
        assertEquals(new ClassMetrics("cat", 1.0, 0.5, 2), report.perClass().get(0));
        assertEquals(new ClassMetrics("dog", 2.0 / 3.0, 1.0, 2), report.perClass().get(1));
    }

    @Test
    void json_roundTrip_equal() throws IOException {
        MetricsReport report = MetricsReport.of(WITH_VALIDATION, MATRIX, "validation", run());

        MetricsReport read = MetricsReport.read(new ByteArrayInputStream(report.toJson()));

        assertEquals(report, read);
        assertEquals(run(), read.run());
        assertEquals(List.of("optimizer", "seed", "trainSeconds"), List.copyOf(read.run().keySet()));
    }

    @Test
    void json_nan_writtenAsNullReadAsNan() throws IOException {
        MetricsReport report = MetricsReport.of(WITHOUT_VALIDATION, MATRIX, "train", run());
        byte[] json = report.toJson();

        JsonNode tree = new ObjectMapper().readTree(json);
        MetricsReport read = MetricsReport.fromJson(json);

        assertTrue(tree.get("bestEpoch").isNull(), tree.toString());
        assertTrue(tree.get("bestValidationAccuracy").isNull(), tree.toString());
        assertTrue(tree.get("bestValidationLoss").isNull(), tree.toString());
        assertTrue(tree.get("epochs").get(0).get("validationLoss").isNull(), tree.toString());
        assertTrue(tree.get("epochs").get(0).get("validationAccuracy").isNull(), tree.toString());
        assertEquals(0.5, tree.get("epochs").get(0).get("trainAccuracy").asDouble());
        assertNull(read.bestEpoch());
        assertTrue(Double.isNaN(read.bestValidationAccuracy()));
        assertTrue(Double.isNaN(read.epochs().get(1).validationLoss()));
        assertTrue(Double.isNaN(read.epochs().get(1).validationAccuracy()));
        assertEquals(0.6, read.epochs().get(1).trainLoss());
        assertEquals(report, read);
    }

    @Test
    void json_layout_hasExpectedFields() throws IOException {
        MetricsReport report = MetricsReport.of(WITH_VALIDATION, MATRIX, "validation", run());

        JsonNode tree = new ObjectMapper().readTree(report.toJson());

        assertEquals(MetricsReport.FORMAT_VERSION, tree.get("formatVersion").asInt());
        assertEquals("[[1,1],[0,2]]", tree.get("confusionMatrix").toString());
        assertEquals("dog", tree.get("perClass").get(1).get("name").asText());
        assertEquals(2, tree.get("perClass").get(1).get("support").asInt());
        assertEquals(3, tree.get("epochs").size());
        assertEquals(2, tree.get("epochs").get(1).get("epoch").asInt());
        assertEquals("lbfgs", tree.get("run").get("optimizer").asText());
    }

    @Test
    void fromJson_unknownProperty_ignored() throws IOException {
        MetricsReport report = MetricsReport.of(WITH_VALIDATION, MATRIX, "validation", null);
        String json = new String(report.toJson(), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\": 1,");

        MetricsReport read = MetricsReport.fromJson(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(report, read);
        assertEquals(Map.of(), read.run());
    }
}
