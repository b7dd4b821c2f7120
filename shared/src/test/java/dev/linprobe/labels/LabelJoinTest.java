package dev.linprobe.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelJoinTest {

    private static Labels labels(String... idsAndLabels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < idsAndLabels.length; i += 2) {
            map.put(idsAndLabels[i], idsAndLabels[i + 1]);
        }
        return Labels.of("labels.csv", map);
    }

    @Test
    void join_allMatched_isComplete() {
        LabelJoin.Result result = LabelJoin.join(labels("b", "1", "a", "2"), List.of("a", "b", "a"));

        assertEquals(List.of("a", "b"), result.matchedIds());
        assertTrue(result.isComplete());
        assertEquals("Matched 2 of 2 labelled ids in labels.csv with 2 feature ids.", result.summary());
    }

    @Test
    void join_mismatches_countedWithExamples() {
        Labels labels = labels("a", "x", "b", "x", "l1", "y", "l2", "y", "l3", "y", "l4", "y", "l5", "y", "l6", "y");

        LabelJoin.Result result = LabelJoin.join(labels, List.of("a", "b", "f1"));

        assertEquals(List.of("a", "b"), result.matchedIds());
        assertEquals(List.of("l1", "l2", "l3", "l4", "l5", "l6"), result.idsWithoutFeatures());
        assertEquals(List.of("f1"), result.featuresWithoutLabel());
        assertFalse(result.isComplete());
        assertTrue(result.summary().contains("Matched 2 of 8 labelled ids"), result.summary());
        assertTrue(result.summary().contains("6 labelled ids have no features (e.g. l1, l2, l3, l4, l5, ...)"),
                result.summary());
        assertTrue(result.summary().contains("1 feature ids have no label (f1)"), result.summary());
        assertFalse(result.summary().contains("Hint"), result.summary());
    }

    @Test
    void join_idsWithExtension_hintsToStrip() {
        Labels labels = labels("img1.png", "cat", "img2.JPG", "dog", "img3", "dog");

        LabelJoin.Result result = LabelJoin.join(labels, List.of("img1", "img2", "img3"));

        assertEquals(List.of("img3"), result.matchedIds());
        assertEquals(List.of("img1.png", "img2.JPG"), result.idsWithoutFeatures());
        assertTrue(result.summary().contains("Hint: 2 labelled ids end in an image file extension"), result.summary());
        assertTrue(result.summary().contains("img1.png matches img1"), result.summary());
    }

    @Test
    void join_extensionWithoutMatch_stillHints() {
        LabelJoin.Result result = LabelJoin.join(labels("scan.tiff", "a", "b", "a"), List.of("b"));

        assertTrue(result.summary().contains("Hint: 1 labelled ids without features end in an image file extension (scan.tiff)"),
                result.summary());
    }

    @Test
    void stripImageExtension_onlyImageExtensions() {
        assertEquals("img1", LabelJoin.stripImageExtension("img1.jpeg"));
        assertEquals(null, LabelJoin.stripImageExtension("img1.v2"));
        assertEquals(null, LabelJoin.stripImageExtension(".png"));
        assertEquals(null, LabelJoin.stripImageExtension("img1"));
    }
}
