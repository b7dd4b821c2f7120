package dev.linprobe.labels;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

/**
 * Parses labels files: CSV with the header {@code id,Label} and one row per image.
 *
 * <p>The id is the image file name without its extension, and the label is a class name, either an
 * integer or any other string. The parser accepts UTF-8 with or without a byte order mark, CRLF or
 * LF line ends, and quoted fields. It trims spaces around fields and skips blank lines. The header
 * names are matched case-insensitively and may appear in any column, so {@code ID,label} is also
 * accepted. Other columns are ignored with one warning. A repeated id with the same label is kept
 * once with a warning, and every other problem raises {@link LabelsFormatException}.
 */
public final class LabelsCsv {

    private static final Logger log = Logger.getLogger(LabelsCsv.class);

    /** Name of the column that contains the image id. */
    public static final String ID_COLUMN = "id";

    /** Name of the column that contains the label. */
    public static final String LABEL_COLUMN = "Label";

    private static final String EXPECTED_HEADER = ID_COLUMN + "," + LABEL_COLUMN;
    private static final int MAX_SHOWN_CHARS = 80;

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            // Blank lines are skipped here, not by commons-csv, so that record positions stay exact.
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .get();

    private LabelsCsv() {}

    /**
     * Parses a UTF-8 labels file from a stream. The caller closes the stream.
     *
     * @param source the file name to show in messages
     * @throws LabelsFormatException if the bytes are not UTF-8 text or the CSV is invalid
     * @throws IOException if reading the stream fails
     */
    public static Labels parse(InputStream in, String source) throws IOException {
        return parseText(decodeUtf8(in.readAllBytes(), source), source);
    }

    /**
     * Parses a labels file from a reader. The caller closes the reader.
     *
     * @param source the file name to show in messages
     * @throws LabelsFormatException if the text contains NUL characters or the CSV is invalid
     * @throws IOException if reading fails
     */
    public static Labels parse(Reader reader, String source) throws IOException {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        return parseText(text.toString(), source);
    }

    private static String decodeUtf8(byte[] bytes, String source) {
        boolean utf16Bom = bytes.length >= 2
                && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                        || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
        if (utf16Bom) {
            throw new LabelsFormatException(source, 0, source
                    + " is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8 CSV with the header "
                    + EXPECTED_HEADER);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new LabelsFormatException(source, 0, source
                    + " is not UTF-8 text (invalid byte sequence); expected a UTF-8 CSV file with the header "
                    + EXPECTED_HEADER + ", so check that the right file was given or save it as UTF-8", e);
        }
    }

    private static Labels parseText(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            LineIndex lines = new LineIndex(text);
            throw new LabelsFormatException(source, lines.lineOf(nul), source + " line " + lines.lineOf(nul)
                    + ": contains a NUL character, so it is a binary file and not CSV text; expected a CSV file with the header "
                    + EXPECTED_HEADER);
        }
        if (text.isBlank()) {
            throw new LabelsFormatException(source, 0, source
                    + " is empty; expected the header " + EXPECTED_HEADER + " followed by one row per image");
        }

        LineIndex lines = new LineIndex(text);
        CSVParser parser = null;
        try {
            parser = CSVParser.parse(text, FORMAT);
            return readRecords(parser, lines, source);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            long line = parser == null ? 0 : parser.getCurrentLineNumber() + 1;
            throw new LabelsFormatException(source, line, source + " line " + line
                    + ": invalid CSV (" + e.getMessage() + "); check that quoted fields start and end with a double quote"
                    + " and that quotes inside them are doubled", e);
        }
    }

    private static Labels readRecords(CSVParser parser, LineIndex lines, String source) {
        Header header = null;
        Map<String, Row> rowsById = new LinkedHashMap<>();
        int repeatedRows = 0;
        Row firstRepeat = null;
        int longRows = 0;
        long firstLongRowLine = 0;

        for (CSVRecord record : parser) {
            if (isBlank(record)) {
                continue;
            }
            long line = lines.lineOf(record.getCharacterPosition());
            if (header == null) {
                header = Header.of(record, line, source);
                continue;
            }
            Row row = header.row(record, line, source);
            if (record.size() > header.size()) {
                longRows++;
                if (firstLongRowLine == 0) {
                    firstLongRowLine = line;
                }
            }

            Row previous = rowsById.putIfAbsent(row.id(), row);
            if (previous == null) {
                continue;
            }
            if (!previous.label().equals(row.label())) {
                throw new LabelsFormatException(source, line, source + " line " + line + ": id \"" + show(row.id())
                        + "\" has label \"" + show(row.label()) + "\" but line " + previous.line() + " gives it label \""
                        + show(previous.label()) + "\"; keep one of the two lines");
            }
            repeatedRows++;
            if (firstRepeat == null) {
                firstRepeat = row;
            }
        }

        if (header == null) {
            // Unreachable in practice because blank text is rejected earlier; kept for a clear message.
            throw new LabelsFormatException(source, 0, source + " is empty; expected the header " + EXPECTED_HEADER);
        }
        if (rowsById.isEmpty()) {
            throw new LabelsFormatException(source, header.line(), source + " line " + header.line()
                    + ": the header is followed by no label rows; add one line id,Label per image");
        }
        if (repeatedRows > 0) {
            log.warnf("%s: %d repeated rows with the same id and label were kept once, the first at line %d (id \"%s\")",
                    source, repeatedRows, firstRepeat.line(), show(firstRepeat.id()));
        }
        if (longRows > 0) {
            log.warnf("%s: %d rows have more values than the header has columns, the first at line %d; the extra values are ignored",
                    source, longRows, firstLongRowLine);
        }

        Map<String, String> labelById = new LinkedHashMap<>();
        rowsById.forEach((id, row) -> labelById.put(id, row.label()));
        return Labels.of(source, labelById);
    }

    /** Returns true for a line that is empty or contains only spaces. */
    private static boolean isBlank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }

    /** Shortens a value for a message so that one huge field cannot flood the log. */
    static String show(String value) {
        if (value.length() <= MAX_SHOWN_CHARS) {
            return value;
        }
        return value.substring(0, MAX_SHOWN_CHARS) + "...";
    }

    private record Row(String id, String label, long line) {}

    /** Column positions of the id and the label, found by name in the first non-blank line. */
    private record Header(int idColumn, int labelColumn, int size, long line) {

        static Header of(CSVRecord record, long line, String source) {
            List<String> names = record.toList();
            String found = show(String.join(",", names));
            int idColumn = column(names, ID_COLUMN, found, line, source);
            int labelColumn = column(names, LABEL_COLUMN, found, line, source);

            if (!names.get(idColumn).equals(ID_COLUMN) || !names.get(labelColumn).equals(LABEL_COLUMN)) {
                log.debugf("%s: header \"%s\" matched %s ignoring case", source, found, EXPECTED_HEADER);
            }
            if (names.size() > 2) {
                List<String> extra = new ArrayList<>(names);
                extra.remove(Math.max(idColumn, labelColumn));
                extra.remove(Math.min(idColumn, labelColumn));
                log.warnf("%s: ignoring columns %s; only %s are read", source, extra, EXPECTED_HEADER);
            }
            return new Header(idColumn, labelColumn, names.size(), line);
        }

        private static int column(List<String> names, String expected, String found, long line, String source) {
            int index = -1;
            for (int i = 0; i < names.size(); i++) {
                if (!names.get(i).equalsIgnoreCase(expected)) {
                    continue;
                }
                if (index >= 0) {
                    throw new LabelsFormatException(source, line, source + " line " + line + ": header \"" + found
                            + "\" has the column " + expected + " twice (columns " + (index + 1) + " and " + (i + 1)
                            + "); keep one");
                }
                index = i;
            }
            if (index < 0) {
                String delimiterHint = found.contains(";") || found.contains("\t")
                        ? "; the file seems to separate columns with ';' or tabs, but labels must be comma-separated" : "";
                throw new LabelsFormatException(source, line, source + " line " + line + ": expected the header "
                        + EXPECTED_HEADER + " but found \"" + found + "\" (no column named " + expected
                        + "); make the first line of the file " + EXPECTED_HEADER + delimiterHint);
            }
            return index;
        }

        Row row(CSVRecord record, long line, String source) {
            int needed = Math.max(idColumn, labelColumn) + 1;
            String content = show(String.join(",", record.toList()));
            if (record.size() < needed) {
                throw new LabelsFormatException(source, line, source + " line " + line + ": expected at least "
                        + needed + " values (" + EXPECTED_HEADER + ") but found " + record.size() + " in \""
                        + content + "\"; add the missing value or remove the line");
            }
            // Ids are compared in Unicode normal form NFC, as image ids are, so an accent typed either way matches.
            String id = java.text.Normalizer.normalize(record.get(idColumn), java.text.Normalizer.Form.NFC);
            String label = record.get(labelColumn);
            if (id.isEmpty()) {
                throw new LabelsFormatException(source, line, source + " line " + line + ": empty id in \"" + content
                        + "\"; put the image file name without its extension in the " + ID_COLUMN + " column");
            }
            if (label.isEmpty()) {
                throw new LabelsFormatException(source, line, source + " line " + line + ": empty label for id \""
                        + show(id) + "\"; put the class of the image in the " + LABEL_COLUMN
                        + " column or remove the line");
            }
            return new Row(id, label, line);
        }
    }

    /** Maps character offsets to 1-based line numbers; CRLF, LF and a lone CR each end a line. */
    private static final class LineIndex {
        private final long[] lineStarts;

        LineIndex(String text) {
            long[] starts = new long[16];
            int count = 1;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean lineEnd = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
                if (!lineEnd) {
                    continue;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
            this.lineStarts = Arrays.copyOf(starts, count);
        }

        long lineOf(long offset) {
            int found = Arrays.binarySearch(lineStarts, offset);
            return found >= 0 ? found + 1 : -found - 1;
        }
    }
}
