package dev.linprobe.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes predictions as CSV with one row per image, sorted by id with {@link String#compareTo}.
 *
 * <p>The columns are {@code id,Label}, then {@code Probability} when probabilities are requested,
 * then {@code Label2}, {@code Probability2} and so on up to {@code LabelK} and
 * {@code ProbabilityK} for the top k classes. {@code Label} is the most probable class and ties go
 * to the lower class index. Probabilities are written with a fixed number of decimals, rounded half
 * to even, and never in exponent notation. Fields are quoted only when CSV needs it, and lines end
 * with LF.
 */
public final class PredictionsCsv {

    /** Name of the column that contains the image id. */
    public static final String ID_COLUMN = "id";

    /** Name of the column that contains the most probable class. */
    public static final String LABEL_COLUMN = "Label";

    /** Name of the column that contains the probability of the most probable class. */
    public static final String PROBABILITY_COLUMN = "Probability";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setQuoteMode(QuoteMode.MINIMAL)
            .setRecordSeparator('\n')
            .get();

    private PredictionsCsv() {}

    /**
     * Choice of columns.
     *
     * @param includeProbability whether each label is followed by its probability
     * @param topK how many classes to write per row, from most to least probable (1 writes only
     *     {@code Label})
     * @param probabilityDigits the number of decimals of each probability
     */
    public record Options(boolean includeProbability, int topK, int probabilityDigits) {

        /** Label only, no probabilities. */
        public static final Options LABEL_ONLY = new Options(false, 1, 6);

        /** Label and its probability with 6 decimals. */
        public static final Options WITH_PROBABILITY = new Options(true, 1, 6);

        /**
         * Checks the option values.
         *
         * @throws IllegalArgumentException if {@code topK} is below 1 or {@code probabilityDigits}
         *     is outside 0 to 17
         */
        public Options {
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be at least 1, found " + topK);
            }
            if (probabilityDigits < 0 || probabilityDigits > 17) {
                throw new IllegalArgumentException("probabilityDigits must be between 0 and 17, found " + probabilityDigits);
            }
        }

        /** Returns these options with {@code topK} classes per row. */
        public Options withTopK(int k) {
            return new Options(includeProbability, k, probabilityDigits);
        }
    }

    /**
     * Returns the header row for the given options.
     */
    public static List<String> header(Options options) {
        List<String> header = new ArrayList<>();
        header.add(ID_COLUMN);
        for (int rank = 1; rank <= options.topK(); rank++) {
            String suffix = rank == 1 ? "" : Integer.toString(rank);
            header.add(LABEL_COLUMN + suffix);
            if (options.includeProbability()) {
                header.add(PROBABILITY_COLUMN + suffix);
            }
        }
        return header;
    }

    /**
     * Writes the header and one row per id, sorted by id. The caller closes the writer.
     *
     * @param ids the image ids, one per row of {@code probabilities}
     * @param classNames the class names in class index order
     * @param probabilities one array per id with one finite probability per class
     * @throws IllegalArgumentException if the sizes disagree, an id is repeated or empty, a
     *     probability is not finite, or {@code topK} exceeds the number of classes
     * @throws IOException if writing fails
     */
    public static void write(
            Writer out, List<String> ids, List<String> classNames, double[][] probabilities, Options options)
            throws IOException {
        check(ids, classNames, probabilities, options);

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(ids::get));

        CSVPrinter printer = new CSVPrinter(out, FORMAT);
        printer.printRecord(header(options));
        List<String> fields = new ArrayList<>();
        for (int row : order) {
            fields.clear();
            fields.add(ids.get(row));
            int[] ranked = rankClasses(probabilities[row], options.topK());
            for (int classIndex : ranked) {
                fields.add(classNames.get(classIndex));
                if (options.includeProbability()) {
                    fields.add(formatProbability(probabilities[row][classIndex], options.probabilityDigits()));
                }
            }
            printer.printRecord(fields);
        }
        printer.flush();
    }

    /**
     * Writes the predictions to UTF-8 bytes, as {@link #write} describes.
     *
     * @throws IllegalArgumentException if the input is invalid, as {@link #write} describes
     */
    public static byte[] toBytes(List<String> ids, List<String> classNames, double[][] probabilities, Options options) {
        StringWriter text = new StringWriter();
        try {
            write(text, ids, classNames, probabilities, options);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write predictions to memory", e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Formats a probability with a fixed number of decimals, rounded half to even. */
    static String formatProbability(double probability, int digits) {
        return BigDecimal.valueOf(probability).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Returns the indexes of the k most probable classes, most probable first, ties to the lower index. */
    static int[] rankClasses(double[] probabilities, int k) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            indexes.add(i);
        }
        indexes.sort(Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed().thenComparing(i -> i));
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = indexes.get(i);
        }
        return top;
    }

    private static void check(List<String> ids, List<String> classNames, double[][] probabilities, Options options) {
        if (ids.size() != probabilities.length) {
            throw new IllegalArgumentException("There are " + ids.size() + " ids but " + probabilities.length
                    + " probability rows; pass one row per id");
        }
        if (options.topK() > classNames.size()) {
            throw new IllegalArgumentException("topK is " + options.topK() + " but there are only " + classNames.size()
                    + " classes; lower topK");
        }
        Set<String> seen = new HashSet<>();
        for (int row = 0; row < ids.size(); row++) {
            String id = ids.get(row);
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("Id at position " + row + " is empty; every row needs an image id");
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException("Id \"" + id + "\" appears twice; pass each image once");
            }
            if (probabilities[row].length != classNames.size()) {
                throw new IllegalArgumentException("Probabilities of id \"" + id + "\" have " + probabilities[row].length
                        + " values but there are " + classNames.size() + " classes");
            }
            for (int classIndex = 0; classIndex < probabilities[row].length; classIndex++) {
                if (!Double.isFinite(probabilities[row][classIndex])) {
                    throw new IllegalArgumentException("Probability of class \"" + classNames.get(classIndex)
                            + "\" for id \"" + id + "\" is " + probabilities[row][classIndex]
                            + "; check the model output for NaN or infinite values");
                }
            }
        }
    }
}
