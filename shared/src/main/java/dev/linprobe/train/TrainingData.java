package dev.linprobe.train;

import java.util.List;

/**
 * Labelled feature vectors ready for training.
 *
 * @param ids image id of each row
 * @param features row-major [N, D] values
 * @param dimension D, the length of each feature vector
 * @param labels class index of each row, into {@code classNames}
 * @param classNames the class names in index order
 */
public record TrainingData(List<String> ids, float[] features, int dimension, int[] labels, List<String> classNames) {

    /** Checks that sizes agree and every label indexes a class. */
    public TrainingData {
        ids = List.copyOf(ids);
        classNames = List.copyOf(classNames);
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, found " + dimension);
        }
        if (labels.length != ids.size() || (long) ids.size() * dimension != features.length) {
            throw new IllegalArgumentException("training data needs one label and " + dimension + " features per id: "
                    + ids.size() + " ids, " + labels.length + " labels, " + features.length + " feature values");
        }
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("training needs at least 2 classes, found " + classNames.size()
                    + " " + classNames + ": add labelled images of another class");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label index " + labels[i] + " of '" + ids.get(i)
                        + "' is outside [0, " + classNames.size() + ")");
            }
        }
    }

    /** Returns the number of rows. */
    public int size() {
        return ids.size();
    }
}
