package dev.linprobe.labels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Matches labelled image ids against the ids that have extracted features, and explains the
 * mismatches in one paragraph.
 */
public final class LabelJoin {

    /** Number of example ids that the summary shows for each kind of mismatch. */
    public static final int MAX_EXAMPLES = 5;

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff");

    private LabelJoin() {}

    /**
     * Outcome of a join. All id lists are sorted by {@link String#compareTo} and contain no
     * duplicates.
     *
     * @param matchedIds ids that have both a label and features
     * @param idsWithoutFeatures labelled ids that have no features
     * @param featuresWithoutLabel feature ids that have no label
     * @param summary one paragraph with the counts, up to {@link #MAX_EXAMPLES} examples of each
     *     kind of mismatch, and a hint when labelled ids still carry an image file extension
     */
    public record Result(
            List<String> matchedIds, List<String> idsWithoutFeatures, List<String> featuresWithoutLabel, String summary) {

        /** Copies the lists so that the result cannot change. */
        public Result {
            matchedIds = List.copyOf(matchedIds);
            idsWithoutFeatures = List.copyOf(idsWithoutFeatures);
            featuresWithoutLabel = List.copyOf(featuresWithoutLabel);
        }

        /** Returns true when every labelled id has features and every feature id has a label. */
        public boolean isComplete() {
            return idsWithoutFeatures.isEmpty() && featuresWithoutLabel.isEmpty();
        }
    }

    /**
     * Joins labels with feature ids. Repeated feature ids count once.
     *
     * @param labels the parsed labels file
     * @param featureIds the ids of the images whose features were extracted
     */
    public static Result join(Labels labels, Collection<String> featureIds) {
        SortedSet<String> features = new TreeSet<>(featureIds);
        SortedSet<String> labelled = new TreeSet<>(labels.ids());

        List<String> matched = new ArrayList<>();
        List<String> withoutFeatures = new ArrayList<>();
        for (String id : labelled) {
            if (features.contains(id)) {
                matched.add(id);
            } else {
                withoutFeatures.add(id);
            }
        }
        List<String> withoutLabel = new ArrayList<>();
        for (String id : features) {
            if (!labelled.contains(id)) {
                withoutLabel.add(id);
            }
        }

        String summary = summarize(labels.source(), labelled.size(), features.size(), matched, withoutFeatures, withoutLabel);
        return new Result(matched, withoutFeatures, withoutLabel, summary);
    }

    private static String summarize(
            String source,
            int labelledCount,
            int featureCount,
            List<String> matched,
            List<String> withoutFeatures,
            List<String> withoutLabel) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Matched %d of %d labelled ids in %s with %d feature ids.",
                matched.size(), labelledCount, source, featureCount));

        if (!withoutFeatures.isEmpty()) {
            text.append(String.format(Locale.ROOT, " %d labelled ids have no features (%s).",
                    withoutFeatures.size(), examples(withoutFeatures)));
        }
        if (!withoutLabel.isEmpty()) {
            text.append(String.format(Locale.ROOT, " %d feature ids have no label (%s).",
                    withoutLabel.size(), examples(withoutLabel)));
        }

        Set<String> unlabelledFeatures = new TreeSet<>(withoutLabel);
        List<String> withExtension = new ArrayList<>();
        List<String> fixableByExtension = new ArrayList<>();
        for (String id : withoutFeatures) {
            String stem = stripImageExtension(id);
            if (stem == null) {
                continue;
            }
            withExtension.add(id);
            if (unlabelledFeatures.contains(stem)) {
                fixableByExtension.add(id);
            }
        }
        if (!fixableByExtension.isEmpty()) {
            String example = fixableByExtension.getFirst();
            text.append(String.format(Locale.ROOT,
                    " Hint: %d labelled ids end in an image file extension and match a feature id once it is removed"
                            + " (%s matches %s); write ids without the extension.",
                    fixableByExtension.size(), example, stripImageExtension(example)));
        } else if (!withExtension.isEmpty()) {
            text.append(String.format(Locale.ROOT,
                    " Hint: %d labelled ids without features end in an image file extension (%s);"
                            + " ids are image file names without the extension.",
                    withExtension.size(), examples(withExtension)));
        }
        return text.toString();
    }

    private static String examples(List<String> ids) {
        List<String> exampleIds = ids.subList(0, Math.min(MAX_EXAMPLES, ids.size()));
        String joined = String.join(", ", exampleIds.stream().map(LabelsCsv::show).toList());
        if (ids.size() > MAX_EXAMPLES) {
            return "e.g. " + joined + ", ...";
        }
        return joined;
    }

    /** Returns the id without a trailing image file extension, or null when it has none. */
    static String stripImageExtension(String id) {
        int dot = id.lastIndexOf('.');
        if (dot <= 0 || dot == id.length() - 1) {
            return null;
        }
        String extension = id.substring(dot + 1).toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.contains(extension) ? id.substring(0, dot) : null;
    }
}
