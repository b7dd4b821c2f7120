package dev.linprobe.report;

/**
 * Precision, recall and support of one class, as {@link ConfusionMatrix} defines them.
 *
 * @param name the class name
 * @param precision the fraction of predictions of this class that are correct, 0 if never predicted
 * @param recall the fraction of examples of this class predicted correctly, 0 if it never occurs
 * @param support the number of examples whose actual class is this one
 */
public record ClassMetrics(String name, double precision, double recall, int support) {}
