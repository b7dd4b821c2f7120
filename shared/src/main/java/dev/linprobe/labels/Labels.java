package dev.linprobe.labels;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Image labels read from one labels file: a map from image id to label in file order, and the
 * sorted list of distinct labels, which are the class names.
 *
 * <p>Class names are sorted in numeric order when every label is an integer (so {@code "2"} comes
 * before {@code "10"}, and labels with equal values such as {@code "2"} and {@code "02"} fall back
 * to string order). Otherwise they are sorted by {@link String#compareTo}, which is case-sensitive
 * and compares UTF-16 code units. A class index is the position of a name in that list.
 */
public final class Labels {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private final String source;
    private final Map<String, String> labelById;
    private final List<String> classNames;
    private final Map<String, Integer> classIndexByName;

    private Labels(String source, Map<String, String> labelById) {
        this.source = source;
        this.labelById = Collections.unmodifiableMap(new LinkedHashMap<>(labelById));
        this.classNames = List.copyOf(sortClassNames(labelById.values()));
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            indexes.put(classNames.get(i), i);
        }
        this.classIndexByName = Map.copyOf(indexes);
    }

    /**
     * Creates labels from a map of image id to label, keeping the map's iteration order.
     *
     * @throws IllegalArgumentException if an id or label is null or blank
     */
    public static Labels of(String source, Map<String, String> labelById) {
        for (Map.Entry<String, String> entry : labelById.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank()) {
                throw new IllegalArgumentException("Image ids must not be blank, found \"" + entry.getKey() + "\"");
            }
            if (entry.getValue() == null || entry.getValue().isBlank()) {
                throw new IllegalArgumentException(
                        "Label of image id \"" + entry.getKey() + "\" must not be blank, found \"" + entry.getValue() + "\"");
            }
        }
        return new Labels(source, labelById);
    }

    /**
     * Sorts distinct labels into class order: numeric when every label is an integer, else string
     * order.
     */
    static List<String> sortClassNames(Collection<String> labels) {
        Set<String> distinct = new TreeSet<>(labels);
        List<String> sorted = new ArrayList<>(distinct);
        boolean allIntegers = sorted.stream().allMatch(label -> INTEGER.matcher(label).matches());
        if (allIntegers) {
            sorted.sort(Comparator.comparing((String label) -> new BigInteger(label)).thenComparing(Comparator.naturalOrder()));
        }
        return sorted;
    }

    /** Returns the name of the file the labels came from. */
    public String source() {
        return source;
    }

    /** Returns the unmodifiable map from image id to label, in file order. */
    public Map<String, String> labelById() {
        return labelById;
    }

    /** Returns the image ids in file order. */
    public Set<String> ids() {
        return labelById.keySet();
    }

    /** Returns the number of labelled images. */
    public int size() {
        return labelById.size();
    }

    /** Returns the distinct labels in class order, as described on this class. */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Returns the class index of a label.
     *
     * @throws IllegalArgumentException if no image has this label
     */
    public int classIndex(String className) {
        Integer index = classIndexByName.get(className);
        if (index == null) {
            throw new IllegalArgumentException(
                    "Class \"" + className + "\" not found in " + source + "; known classes are " + classNames);
        }
        return index;
    }

    /**
     * Returns the class index of the label of one image.
     *
     * @throws IllegalArgumentException if the image id has no label
     */
    public int classIndexOfId(String id) {
        String label = labelById.get(id);
        if (label == null) {
            throw new IllegalArgumentException("Image id \"" + id + "\" has no label in " + source);
        }
        return classIndexByName.get(label);
    }

    @Override
    public String toString() {
        return "Labels[source=" + source + ", images=" + labelById.size() + ", classes=" + classNames.size() + "]";
    }
}
