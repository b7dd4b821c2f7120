package dev.linprobe.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsCsvTest {

    private static Labels parse(String text) throws IOException {
        return LabelsCsv.parse(new StringReader(text), "labels.csv");
    }

    private static Labels parseBytes(byte[] bytes) throws IOException {
        return LabelsCsv.parse(new ByteArrayInputStream(bytes), "labels.csv");
    }

    private static LabelsFormatException parseError(String text) {
        return assertThrows(LabelsFormatException.class, () -> parse(text));
    }

    @Test
    void parse_simpleFile_keepsFileOrder() throws IOException {
        Labels labels = parse("id,Label\nimg3,cat\nimg1,dog\nimg2,cat\n");

        assertEquals(List.of("img3", "img1", "img2"), List.copyOf(labels.ids()));
        assertEquals("dog", labels.labelById().get("img1"));
        assertEquals(List.of("cat", "dog"), labels.classNames());
        assertEquals(3, labels.size());
        assertEquals(1, labels.classIndexOfId("img1"));
        assertEquals("labels.csv", labels.source());
    }

    @Test
    void parse_bomAndCrlf_accepted() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "id,Label\r\nimg1,3\r\nimg2,4\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);

        Labels labels = parseBytes(bytes);

        assertEquals(Map.of("img1", "3", "img2", "4"), labels.labelById());
        assertEquals(List.of("3", "4"), labels.classNames());
    }

    @Test
    void parse_quotedCommasAndSpaces_trimmed() throws IOException {
        Labels labels = parse("id , Label \n \"img, one\" , \"cat, large\"  \n\"say \"\"hi\"\"\",dog\n");

        assertEquals("cat, large", labels.labelById().get("img, one"));
        assertEquals("dog", labels.labelById().get("say \"hi\""));
    }

    @Test
    void parse_blankLines_skipped() throws IOException {
        Labels labels = parse("\n\nid,Label\n\nimg1,a\n   \n\nimg2,b\n\n");

        assertEquals(List.of("img1", "img2"), List.copyOf(labels.ids()));
    }

    @Test
    void parse_headerIgnoringCase_accepted() throws IOException {
        Labels labels = parse("ID,label\nimg1,a\n");

        assertEquals("a", labels.labelById().get("img1"));
    }

    @Test
    void parse_extraColumns_ignored() throws IOException {
        Labels labels = parse("source,id,Label,note\nweb,img1,a,blurry\ncam,img2,b\n");

        assertEquals(Map.of("img1", "a", "img2", "b"), labels.labelById());
    }

    @Test
    void parse_integerLabels_sortedNumerically() throws IOException {
        Labels labels = parse("id,Label\na,10\nb,2\nc,1\nd,-3\ne,2\n");

        assertEquals(List.of("-3", "1", "2", "10"), labels.classNames());
        assertEquals(2, labels.classIndex("2"));
    }

    @Test
    void parse_mixedLabels_sortedAsStrings() throws IOException {
        Labels labels = parse("id,Label\na,10\nb,2\nc,cat\nd,Dog\n");

        assertEquals(List.of("10", "2", "Dog", "cat"), labels.classNames());
    }

    @Test
    void parse_sameIdSameLabelTwice_keptOnce() throws IOException {
        Labels labels = parse("id,Label\nimg1,a\nimg2,b\nimg1,a\n");

        assertEquals(2, labels.size());
        assertEquals(List.of("img1", "img2"), List.copyOf(labels.ids()));
    }

    @Test
    void parse_duplicateId_namesBothLines() {
        LabelsFormatException error = parseError("id,Label\nimg1,a\nimg2,b\n\nimg1,c\n");

        assertEquals(5, error.line());
        assertTrue(error.getMessage().contains("labels.csv line 5"), error.getMessage());
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
        assertTrue(error.getMessage().contains("\"img1\""), error.getMessage());
        assertTrue(error.getMessage().contains("\"a\""), error.getMessage());
        assertTrue(error.getMessage().contains("\"c\""), error.getMessage());
    }

    @Test
    void parse_emptyId_reportsLine() {
        LabelsFormatException error = parseError("id,Label\nimg1,a\n,b\n");

        assertEquals(3, error.line());
        assertTrue(error.getMessage().contains("line 3: empty id"), error.getMessage());
        assertTrue(error.getMessage().contains("without its extension"), error.getMessage());
    }

    @Test
    void parse_emptyLabel_reportsLine() {
        LabelsFormatException error = parseError("id,Label\r\nimg1,a\r\nimg2,  \r\n");

        assertEquals(3, error.line());
        assertTrue(error.getMessage().contains("line 3: empty label for id \"img2\""), error.getMessage());
    }

    @Test
    void parse_tooFewColumns_reportsLine() {
        LabelsFormatException error = parseError("id,Label\nimg1,a\nimg2\n");

        assertEquals(3, error.line());
        assertTrue(error.getMessage().contains("line 3: expected at least 2 values"), error.getMessage());
        assertTrue(error.getMessage().contains("\"img2\""), error.getMessage());
    }

    @Test
    void parse_lineAfterMultilineField_countsLines() {
        LabelsFormatException error = parseError("id,Label\n\"img\n1\",a\nimg2,\n");

        assertEquals(4, error.line());
    }

    @Test
    void parse_wrongHeader_showsExpectedAndFound() {
        LabelsFormatException error = parseError("file,class\nimg1,a\n");

        assertEquals(1, error.line());
        assertTrue(error.getMessage().contains("expected the header id,Label"), error.getMessage());
        assertTrue(error.getMessage().contains("found \"file,class\""), error.getMessage());
    }

    @Test
    void parse_missingHeader_showsFirstRow() {
        LabelsFormatException error = parseError("\nimg1,a\nimg2,b\n");

        assertEquals(2, error.line());
        assertTrue(error.getMessage().contains("found \"img1,a\""), error.getMessage());
    }

    @Test
    void parse_repeatedHeaderColumn_rejected() {
        LabelsFormatException error = parseError("id,Label,label\nimg1,a,b\n");

        assertTrue(error.getMessage().contains("column Label twice"), error.getMessage());
    }

    @Test
    void parse_emptyFile_rejected() {
        LabelsFormatException empty = assertThrows(LabelsFormatException.class, () -> parseBytes(new byte[0]));
        LabelsFormatException blank = parseError(" \n\r\n");

        assertTrue(empty.getMessage().contains("labels.csv is empty"), empty.getMessage());
        assertTrue(blank.getMessage().contains("labels.csv is empty"), blank.getMessage());
    }

    @Test
    void parse_headerOnly_rejected() {
        LabelsFormatException error = parseError("id,Label\n\n");

        assertEquals(1, error.line());
        assertTrue(error.getMessage().contains("no label rows"), error.getMessage());
    }

    @Test
    void parse_binaryFile_rejected() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        byte[] nul = "id,Label\nimg1,a\u0000\n".getBytes(StandardCharsets.UTF_8);

        LabelsFormatException invalidUtf8 = assertThrows(LabelsFormatException.class, () -> parseBytes(png));
        LabelsFormatException withNul = assertThrows(LabelsFormatException.class, () -> parseBytes(nul));

        assertTrue(invalidUtf8.getMessage().contains("not UTF-8 text"), invalidUtf8.getMessage());
        assertTrue(withNul.getMessage().contains("line 2"), withNul.getMessage());
        assertTrue(withNul.getMessage().contains("binary file"), withNul.getMessage());
    }

    @Test
    void parse_utf16_rejected() {
        byte[] utf16 = "\uFEFFid,Label\n".getBytes(StandardCharsets.UTF_16LE);

        LabelsFormatException error = assertThrows(LabelsFormatException.class, () -> parseBytes(utf16));

        assertTrue(error.getMessage().contains("UTF-16"), error.getMessage());
    }

    @Test
    void parse_unclosedQuote_rejected() {
        LabelsFormatException error = parseError("id,Label\nimg1,a\n\"img2,b\n");

        assertTrue(error.getMessage().contains("invalid CSV"), error.getMessage());
        assertTrue(error.getMessage().startsWith("labels.csv line "), error.getMessage());
    }
}
