package dev.linprobe.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Row indices of the training and validation parts of a data set.
 *
 * @param train rows the optimiser fits, in shuffled order
 * @param validation rows held out to measure accuracy each epoch, in shuffled order; may be empty
 */
public record DataSplit(int[] train, int[] validation) {

    /** Checks that the training part is not empty. */
    public DataSplit {
        if (train.length == 0) {
            throw new IllegalArgumentException("the training split is empty: label more images or lower the validation fraction");
        }
    }

    /**
     * Shuffles rows with a seeded generator and holds out {@code round(fraction * n)} of them, or, when
     * stratified, {@code round(fraction * n_c)} of each class c.
     */
    public static DataSplit random(int[] labels, int classes, double fraction, long seed, boolean stratified) {
        Random random = new Random(seed);
        if (!stratified) {
            int[] order = shuffled(range(labels.length), random);
            int heldOut = (int) Math.round(fraction * labels.length);
            return new DataSplit(Arrays.copyOfRange(order, heldOut, order.length), Arrays.copyOfRange(order, 0, heldOut));
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int cls = c;
            int[] members = shuffled(java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray(), random);
            int heldOut = (int) Math.round(fraction * members.length);
            for (int i = 0; i < members.length; i++) {
                (i < heldOut ? validation : train).add(members[i]);
            }
        }
        return new DataSplit(
                shuffled(train.stream().mapToInt(Integer::intValue).toArray(), random),
                shuffled(validation.stream().mapToInt(Integer::intValue).toArray(), random));
    }

    /**
     * Holds out exactly the rows whose ids are listed, and shuffles the rest with the seed.
     *
     * @throws IllegalArgumentException naming up to five listed ids that are not in the data
     */
    public static DataSplit explicit(List<String> ids, Collection<String> validationIds, long seed) {
        Set<String> requested = new HashSet<>(validationIds);
        List<String> unknown = new ArrayList<>();
        Set<String> present = new HashSet<>(ids);
        for (String id : validationIds) {
            if (!present.contains(id)) {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            boolean extensions = unknown.stream().anyMatch(id -> id.matches("(?i).+\\.(jpe?g|png|bmp|gif)"));
            throw new IllegalArgumentException(unknown.size() + " validation ids have no labelled features, for example "
                    + unknown.subList(0, Math.min(5, unknown.size())) + ": fix the validation list"
                    + (extensions ? " (ids are file names without the extension)" : ""));
        }
        Random random = new Random(seed);
        int[] train = java.util.stream.IntStream.range(0, ids.size()).filter(i -> !requested.contains(ids.get(i))).toArray();
        int[] validation = java.util.stream.IntStream.range(0, ids.size()).filter(i -> requested.contains(ids.get(i))).toArray();
        return new DataSplit(shuffled(train, random), shuffled(validation, random));
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** Fisher-Yates shuffle of a copy. */
    private static int[] shuffled(int[] values, Random random) {
        int[] out = values.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = out[i];
            out[i] = out[j];
            out[j] = swap;
        }
        return out;
    }
}
