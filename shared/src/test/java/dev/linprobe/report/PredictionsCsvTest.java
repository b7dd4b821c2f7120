package dev.linprobe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class PredictionsCsvTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox");
    private static final List<String> IDS = List.of("img2", "b,2", "img10", "a \"q\"");
    private static final double[][] PROBABILITIES = {
        {0.6, 0.4, 0.0},
        {1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0},
        {0.1, 0.2, 0.7},
        {0.25, 0.5, 0.25},
    };

    private static String write(PredictionsCsv.Options options) {
        return new String(PredictionsCsv.toBytes(IDS, CLASSES, PROBABILITIES, options), StandardCharsets.UTF_8);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            return parser.getRecords();
        }
    }

    @Test
    void write_labelOnly_sortedAndQuoted() {
        String csv = write(PredictionsCsv.Options.LABEL_ONLY);

        assertEquals("id,Label\n\"a \"\"q\"\"\",dog\n\"b,2\",cat\nimg10,fox\nimg2,cat\n", csv);
    }

    @Test
    void write_withProbability_fixedDecimals() {
        String csv = write(PredictionsCsv.Options.WITH_PROBABILITY);

        assertEquals("id,Label,Probability\n"
                + "\"a \"\"q\"\"\",dog,0.500000\n"
                + "\"b,2\",cat,0.333333\n"
                + "img10,fox,0.700000\n"
                + "img2,cat,0.600000\n", csv);
    }

    @Test
    void write_topK_parsesBack() throws IOException {
        String csv = write(PredictionsCsv.Options.WITH_PROBABILITY.withTopK(3));

        List<CSVRecord> records = parse(csv);

        assertEquals(4, records.size());
        assertEquals("a \"q\"", records.get(0).get("id"));
        assertEquals("b,2", records.get(1).get("id"));
        assertEquals("img10", records.get(2).get("id"));
        assertEquals("img2", records.get(3).get("id"));
        assertArrayEquals(new String[] {"img10", "fox", "0.700000", "dog", "0.200000", "cat", "0.100000"},
                records.get(2).values());
        assertArrayEquals(new String[] {"b,2", "cat", "0.333333", "dog", "0.333333", "fox", "0.333333"},
                records.get(1).values());
        assertEquals(List.of("id", "Label", "Probability", "Label2", "Probability2", "Label3", "Probability3"),
                records.get(0).getParser().getHeaderNames());
    }

    @Test
    void header_topKWithoutProbability() {
        PredictionsCsv.Options options = PredictionsCsv.Options.LABEL_ONLY.withTopK(2);

        assertEquals(List.of("id", "Label", "Label2"), PredictionsCsv.header(options));
    }

    @Test
    void formatProbability_isDeterministic() {
        assertEquals("0.123456", PredictionsCsv.formatProbability(0.1234565, 6));
        assertEquals("0.123458", PredictionsCsv.formatProbability(0.1234575, 6));
        assertEquals("0.000000", PredictionsCsv.formatProbability(1e-9, 6));
        assertEquals("1.000000", PredictionsCsv.formatProbability(1.0, 6));
        assertEquals("0.50", PredictionsCsv.formatProbability(0.5, 2));
    }

    @Test
    void write_invalidInput_rejected() {
        double[][] nan = {{Double.NaN, 1.0}};
        double[][] two = {{0.5, 0.5}, {0.5, 0.5}};
        List<String> classes = List.of("a", "b");

        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> PredictionsCsv.toBytes(List.of("x"), classes, nan, PredictionsCsv.Options.LABEL_ONLY));
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
                () -> PredictionsCsv.toBytes(List.of("x", "x"), classes, two, PredictionsCsv.Options.LABEL_ONLY));
        IllegalArgumentException topK = assertThrows(IllegalArgumentException.class,
                () -> PredictionsCsv.toBytes(List.of("x", "y"), classes, two, PredictionsCsv.Options.LABEL_ONLY.withTopK(3)));
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class,
                () -> PredictionsCsv.toBytes(List.of("x"), classes, two, PredictionsCsv.Options.LABEL_ONLY));

        assertTrue(notFinite.getMessage().contains("class \"a\" for id \"x\" is NaN"), notFinite.getMessage());
        assertTrue(repeated.getMessage().contains("Id \"x\" appears twice"), repeated.getMessage());
        assertTrue(topK.getMessage().contains("topK is 3 but there are only 2 classes"), topK.getMessage());
        assertTrue(counts.getMessage().contains("1 ids but 2 probability rows"), counts.getMessage());
    }
}
