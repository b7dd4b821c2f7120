package dev.linprobe.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Gaussian blobs around well-separated class centres, for trainer tests. */
final class SyntheticData {
    private SyntheticData() {}

    /** Makes {@code perClass} points per class in {@code dimension} dimensions; centres lie {@code separation} apart on distinct axes. */
    static TrainingData blobs(int classes, int perClass, int dimension, double separation, double noise, long seed) {
        Random random = new Random(seed);
        int n = classes * perClass;
        float[] features = new float[n * dimension];
        int[] labels = new int[n];
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            labels[i] = c;
            ids.add(String.format("img%05d", i));
            for (int j = 0; j < dimension; j++) {
                double centre = (j == c % dimension) ? separation : 0;
                features[i * dimension + j] = (float) (centre + noise * random.nextGaussian());
            }
        }
        return new TrainingData(ids, features, dimension, labels, names);
    }
}
